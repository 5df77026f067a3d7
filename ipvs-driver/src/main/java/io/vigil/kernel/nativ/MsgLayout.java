package io.vigil.kernel.nativ;

import jnr.ffi.Pointer;

/**
 * Offsets of {@code struct msghdr}, {@code struct mmsghdr} and {@code struct iovec} ({@code <sys/socket.h>},
 * {@code <bits/uio.h>}) for this platform's pointer size P: msg_name at 0, msg_namelen (socklen_t) at P,
 * msg_iov at 2P, msg_iovlen at 3P, msg_control at 4P, msg_controllen at 5P, msg_flags at 6P, sizeof 7P; mmsghdr
 * adds msg_len (unsigned int) at 7P, sizeof 8P; iovec is {base, len}, sizeof 2P.
 */
final class MsgLayout {

    static final int P = Syscalls.addressSize();
    static final int NAME = 0;
    static final int NAMELEN = P;
    static final int IOV = 2 * P;
    static final int IOVLEN = 3 * P;
    static final int CONTROL = 4 * P;
    static final int CONTROLLEN = 5 * P;
    static final int FLAGS = 6 * P;
    static final int MSG_LEN = 7 * P;
    static final int MMSGHDR_SIZE = 8 * P;
    static final int IOVEC_SIZE = 2 * P;

    private MsgLayout() {
    }

    static int align(int n) {
        return (n + 7) & ~7;
    }

    /** Fills one msghdr at {@code hdr} whose single iovec sits at {@code iov}. */
    static void fill(Pointer mem, long hdr, long iov, long nameAddr, int nameLen, long dataAddr, int dataLen,
                     long controlAddr, int controlLen) {
        long base = mem.address();
        mem.putAddress(hdr + NAME, nameLen == 0 ? 0 : nameAddr);
        mem.putInt(hdr + NAMELEN, nameLen);
        mem.putAddress(hdr + IOV, base + iov);
        mem.putAddress(hdr + IOVLEN, 1);
        mem.putAddress(hdr + CONTROL, controlLen == 0 ? 0 : controlAddr);
        mem.putAddress(hdr + CONTROLLEN, controlLen);
        mem.putInt(hdr + FLAGS, 0);
        mem.putAddress(iov, dataAddr);
        mem.putAddress(iov + P, dataLen);
    }
}
