package io.vigil.kernel.socket;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.PingSocket;
import io.vigil.kernel.nativ.Errnos;
import io.vigil.kernel.nativ.NativeSocket;
import io.vigil.kernel.nativ.NativeProcessControl;
import io.vigil.kernel.nativ.RecvBatch;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jnr.constants.platform.Errno;
import jnr.constants.platform.Sock;
import jnr.constants.platform.SocketLevel;
import jnr.constants.platform.SocketOption;

/**
 * Opens {@link PingSocket}s: SOCK_DGRAM sockets of protocol IPPROTO_ICMP (IPv4) or IPPROTO_ICMPV6, with
 * SO_BINDTODEVICE, SO_MARK and a bound source when asked, in the calling thread's network namespace. A refusal
 * for lack of permission says which sysctl to widen.
 */
public final class PingSocketFactory implements PingSocket.Factory {

    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_ICMPV6 = 58;
    /** Replies read per recvmmsg, and the room for each (an echo reply of ours is 8 + 10 bytes). */
    private static final int SLOTS = 64;
    private static final int SLOT_SIZE = 2048;

    @Override
    public PingSocket open(AddressFamily family, InetAddress bindTo, String bindInterface, Integer mark)
            throws KernelException {
        int protocol = family == AddressFamily.INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
        String what = "ping socket (" + family.displayName() + (bindTo == null ? ""
                : " from " + InetAddresses.toText(bindTo)) + (bindInterface == null ? "" : " on " + bindInterface)
                + (mark == null ? "" : " mark " + mark) + ")";
        NativeSocket s;
        try {
            s = NativeSocket.open(what, family.linuxValue(), Sock.SOCK_DGRAM.intValue(), protocol);
        } catch (KernelException e) {
            if (e.errno() == Errno.EACCES.intValue() || e.errno() == Errno.EPERM.intValue()) {
                throw Errnos.exception("socket", e.errno(), what + ": not permitted, gid "
                        + NativeProcessControl.INSTANCE.gid() + " is outside net.ipv4.ping_group_range");
            }
            throw e;
        }
        try {
            int sol = SocketLevel.SOL_SOCKET.intValue();
            if (bindInterface != null) {
                byte[] name = Arrays.copyOf(bindInterface.getBytes(StandardCharsets.UTF_8),
                        bindInterface.length() + 1);
                s.setBytes(sol, SocketOption.SO_BINDTODEVICE.intValue(), name);
            }
            if (mark != null) {
                s.setInt(sol, SocketOption.SO_MARK.intValue(), mark);
            }
            if (bindTo != null) {
                if (AddressFamily.of(bindTo) != family) {
                    throw new IllegalArgumentException("bind address " + InetAddresses.toText(bindTo) + " on an "
                            + family.displayName() + " socket");
                }
                s.bind(SockAddrs.inet(bindTo, 0));
            }
            return new IcmpPingSocket(s, new RecvBatch(SLOTS, SLOT_SIZE, 28), family, what);
        } catch (KernelException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
