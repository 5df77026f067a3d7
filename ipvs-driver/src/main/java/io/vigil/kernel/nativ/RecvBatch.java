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
    private int filled;

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
        long base = mem.address();
        for (int i = 0; i < slots; i++) {
            MsgLayout.fill(mem, (long) i * MsgLayout.MMSGHDR_SIZE, iovOffset + (long) i * MsgLayout.IOVEC_SIZE,
                    base + namesOffset + (long) i * this.nameSize, this.nameSize,
                    base + dataOffset + (long) i * MsgLayout.align(slotSize), slotSize, 0, 0);
        }
    }

    public int slots() {
        return slots;
    }

    public int slotSize() {
        return slotSize;
    }

    /**
     * Makes the batch ready for a call: the kernel rewrites only msg_namelen, msg_flags and msg_len, so only the
     * name lengths of the slots the previous call filled need resetting (the rest was laid out once).
     */
    Pointer prepare() {
        for (int i = 0; i < filled; i++) {
            mem.putInt((long) i * MsgLayout.MMSGHDR_SIZE + MsgLayout.NAMELEN, nameSize);
        }
        filled = 0;
        return mem;
    }

    /** Records how many slots the last call filled. */
    void filled(int count) {
        filled = Math.max(count, 0);
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
