package io.vigil.kernel.nativ;

import jnr.ffi.Pointer;

/**
 * Preallocated native buffers for one {@code recvmmsg}: {@code slots} messages of up to {@code slotSize} bytes
 * each, with their source address. Allocated once per socket and reused for every call, so receiving allocates
 * nothing but the copies handed to Java. Not thread-safe: one receiving thread per batch.
 */
public final class RecvBatch {

    private final int slots;
    private final int slotSize;
    private final int nameSize;
    private final Pointer mem;
    private final long iovOffset;
    private final long namesOffset;
    private final long dataOffset;

    /**
     * @param slots    messages per call (at most 1024, the kernel's UIO_MAXIOV)
     * @param slotSize bytes per message; a longer one is cut and reported {@link #truncated}
     * @param nameSize bytes for each source address (sockaddr_ll needs 20, sockaddr_in6 28)
     */
    public RecvBatch(int slots, int slotSize, int nameSize) {
        if (slots < 1 || slots > 1024 || slotSize < 1 || nameSize < 0) {
            throw new IllegalArgumentException("bad receive batch: " + slots + " x " + slotSize + " bytes");
        }
        this.slots = slots;
        this.slotSize = slotSize;
        this.nameSize = MsgLayout.align(nameSize);
        this.iovOffset = (long) slots * MsgLayout.MMSGHDR_SIZE;
        this.namesOffset = iovOffset + (long) slots * MsgLayout.IOVEC_SIZE;
        this.dataOffset = namesOffset + (long) slots * this.nameSize;
        this.mem = Syscalls.allocate(dataOffset + (long) slots * MsgLayout.align(slotSize));
    }

    public int slots() {
        return slots;
    }

    public int slotSize() {
        return slotSize;
    }

    /** Resets the headers the kernel overwrote in the previous call (name lengths, flags). */
    Pointer prepare(int count) {
        long base = mem.address();
        for (int i = 0; i < count; i++) {
            long hdr = (long) i * MsgLayout.MMSGHDR_SIZE;
            MsgLayout.fill(mem, hdr, iovOffset + (long) i * MsgLayout.IOVEC_SIZE,
                    base + namesOffset + (long) i * nameSize, nameSize,
                    base + dataOffset + (long) i * MsgLayout.align(slotSize), slotSize, 0, 0);
            mem.putInt(hdr + MsgLayout.MSG_LEN, 0);
        }
        return mem;
    }

    /** Bytes the kernel wrote into slot {@code i} (at most {@link #slotSize}). */
    public int length(int i) {
        check(i);
        return Math.min(mem.getInt((long) i * MsgLayout.MMSGHDR_SIZE + MsgLayout.MSG_LEN), slotSize);
    }

    /** True when the message in slot {@code i} was longer than the slot (MSG_TRUNC). */
    public boolean truncated(int i) {
        check(i);
        return (mem.getInt((long) i * MsgLayout.MMSGHDR_SIZE + MsgLayout.FLAGS) & MSG_TRUNC) != 0;
    }

    /** A copy of the message in slot {@code i}. */
    public byte[] data(int i) {
        byte[] out = new byte[length(i)];
        mem.get(dataOffset + (long) i * MsgLayout.align(slotSize), out, 0, out.length);
        return out;
    }

    /** A copy of the source address of slot {@code i}. */
    public byte[] name(int i) {
        check(i);
        int len = Math.min(mem.getInt((long) i * MsgLayout.MMSGHDR_SIZE + MsgLayout.NAMELEN), nameSize);
        byte[] out = new byte[Math.max(len, 0)];
        mem.get(namesOffset + (long) i * nameSize, out, 0, out.length);
        return out;
    }

    private void check(int i) {
        if (i < 0 || i >= slots) {
            throw new IndexOutOfBoundsException("slot " + i + " of " + slots);
        }
    }

    /** MSG_TRUNC, from jnr-constants' SocketMessage. */
    private static final int MSG_TRUNC = jnr.constants.platform.SocketMessage.MSG_TRUNC.intValue();
}
