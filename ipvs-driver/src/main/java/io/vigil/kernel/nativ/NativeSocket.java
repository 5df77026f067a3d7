package io.vigil.kernel.nativ;

import io.vigil.core.port.KernelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.function.IntFunction;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import jnr.constants.platform.Sock;
import jnr.constants.platform.SocketLevel;
import jnr.constants.platform.SocketMessage;
import jnr.constants.platform.SocketOption;
import jnr.ffi.Pointer;

/**
 * A socket file descriptor, with exactly the operations vigil needs, in Java types: options, classic BPF
 * filters, bind, batched sends (sendmmsg) and batched receives (recvmmsg into a {@link RecvBatch}).
 *
 * <p><b>Closing and blocked receivers.</b> Each socket owns an eventfd. {@link #receive} waits in {@code poll} on
 * both the socket and the eventfd; {@link #close} first marks the socket closed and writes the eventfd, which
 * wakes a blocked receiver at once, then waits for every call in progress to leave before it closes the
 * descriptors. So a descriptor number is never closed under a thread still using it (it could have been reused
 * by then), and a receiver blocked without timeout returns within microseconds of {@code close}.
 *
 * <p>Thread safety: sends, option changes and one receiving thread may run concurrently; receives are serialised.
 */
public final class NativeSocket implements AutoCloseable {

    private static final int SOCK_CLOEXEC = Sock.SOCK_CLOEXEC.intValue();
    private static final int MSG_DONTWAIT = SocketMessage.MSG_DONTWAIT.intValue();
    private static final int SOL_SOCKET = SocketLevel.SOL_SOCKET.intValue();
    private static final int SO_ATTACH_FILTER = SocketOption.SO_ATTACH_FILTER.intValue();
    /** EFD_CLOEXEC | EFD_NONBLOCK, {@code <sys/eventfd.h>} (same values as O_CLOEXEC, O_NONBLOCK). */
    private static final int EFD_FLAGS = 0x80000 | 0x800;
    /** POLLIN, {@code <bits/poll.h>}. */
    private static final short POLLIN = 0x1;
    /** The kernel's cap on messages per sendmmsg/recvmmsg (UIO_MAXIOV, {@code <linux/uio.h>}). */
    private static final int UIO_MAXIOV = 1024;

    private final String description;
    private final int fd;
    private final int wakeFd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong syscalls = new java.util.concurrent.atomic.AtomicLong();
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Object sendLock = new Object();
    private final Object receiveLock = new Object();
    private final Pointer pollFds;
    private Pointer sendArea;

    private NativeSocket(String description, int fd, int wakeFd) {
        this.description = description;
        this.fd = fd;
        this.wakeFd = wakeFd;
        this.pollFds = Syscalls.allocate(16);
        pollFds.putInt(0, fd);
        pollFds.putShort(4, POLLIN);
        pollFds.putInt(8, wakeFd);
        pollFds.putShort(12, POLLIN);
    }

    /**
     * Opens a socket (always close-on-exec).
     *
     * @param description what it is for, used in every error message ("packet socket on eth0")
     */
    public static NativeSocket open(String description, int domain, int type, int protocol) throws KernelException {
        Syscalls.LibC c = Syscalls.libc();
        int fd = Syscalls.call("socket", description, () -> c.socket(domain, type | SOCK_CLOEXEC, protocol));
        int wake;
        try {
            wake = Syscalls.call("eventfd", description, () -> c.eventfd(0, EFD_FLAGS));
        } catch (KernelException e) {
            c.close(fd);
            throw e;
        }
        return new NativeSocket(description, fd, wake);
    }

    /** The size of a pointer and of size_t (for the callers that lay out cmsghdr and the like): 8 on 64-bit. */
    public static int addressSize() {
        return MsgLayout.P;
    }

    public String description() {
        return description;
    }

    public void setInt(int level, int option, int value) throws KernelException {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        setBytes(level, option, v);
    }

    public void setBytes(int level, int option, byte[] value) throws KernelException {
        enter();
        try {
            Syscalls.call("setsockopt(" + level + ", " + option + ")", description,
                    () -> Syscalls.libc().setsockopt(fd, level, option, value, value.length));
        } finally {
            leave();
        }
    }

    public int getInt(int level, int option) throws KernelException {
        byte[] v = new byte[4];
        int[] len = {4};
        enter();
        try {
            Syscalls.call("getsockopt(" + level + ", " + option + ")", description,
                    () -> Syscalls.libc().getsockopt(fd, level, option, v, len));
        } finally {
            leave();
        }
        return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
    }

    /**
     * Attaches a classic BPF program (SO_ATTACH_FILTER): {@code struct sock_filter} instructions, 8 bytes each
     * ({@code u16 code, u8 jt, u8 jf, u32 k}) in native byte order.
     */
    public void attachFilter(byte[] program) throws KernelException {
        if (program.length == 0 || program.length % 8 != 0 || program.length / 8 > 4096) {
            throw new IllegalArgumentException("a BPF program is 1 to 4096 instructions of 8 bytes, got "
                    + program.length + " bytes");
        }
        int p = MsgLayout.P;
        Pointer mem = Syscalls.allocate(2L * p + program.length);
        mem.put(2L * p, program, 0, program.length);
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; } (<linux/filter.h>)
        mem.putShort(0, (short) (program.length / 8));
        mem.putAddress(p, mem.address() + 2L * p);
        enter();
        try {
            Syscalls.call("setsockopt(SO_ATTACH_FILTER)", description,
                    () -> Syscalls.libc().setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, mem, 2 * p));
        } finally {
            leave();
        }
    }

    public void bind(byte[] sockaddr) throws KernelException {
        enter();
        try {
            Syscalls.call("bind", description, () -> Syscalls.libc().bind(fd, sockaddr, sockaddr.length));
        } finally {
            leave();
        }
    }

    /** The socket's own address (getsockname), e.g. the port id the kernel gave a netlink socket. */
    public byte[] localAddress() throws KernelException {
        byte[] addr = new byte[128];
        int[] len = {addr.length};
        enter();
        try {
            Syscalls.call("getsockname", description, () -> Syscalls.libc().getsockname(fd, addr, len));
        } finally {
            leave();
        }
        return java.util.Arrays.copyOf(addr, Math.min(len[0], addr.length));
    }

    /** Sends one message with sendmsg; returns the bytes sent. */
    public long send(OutMessage message) throws KernelException {
        enter();
        try {
            synchronized (sendLock) {
                Pointer mem = layout(List.of(message), 0, 1);
                syscalls.incrementAndGet();
                return Syscalls.callLong("sendmsg", description, () -> Syscalls.libc().sendmsg(fd, mem, 0));
            }
        } finally {
            leave();
        }
    }

    /**
     * One sendmmsg for {@code messages[from..]} (at most 1024 of them).
     *
     * @return how many the kernel took, at least 1
     * @throws KernelException when the kernel refused message {@code from} itself
     */
    public int sendBatch(List<OutMessage> messages, int from) throws KernelException {
        int count = Math.min(messages.size() - from, UIO_MAXIOV);
        if (count <= 0) {
            throw new IllegalArgumentException("nothing to send from index " + from + " of " + messages.size());
        }
        return sendmmsg(messages, from, count, count);
    }

    /** Lays out {@code count} messages and hands the kernel the first {@code vlen} of them (0: a rehearsal). */
    private int sendmmsg(List<OutMessage> messages, int from, int count, int vlen) throws KernelException {
        enter();
        try {
            synchronized (sendLock) {
                Pointer mem = layout(messages, from, count);
                syscalls.incrementAndGet();
                return Syscalls.call("sendmmsg", description, () -> Syscalls.libc().sendmmsg(fd, mem, vlen, 0));
            }
        } finally {
            leave();
        }
    }

    /**
     * Lays out the messages as {@link #sendBatch} would and calls sendmmsg with a count of zero: nothing is sent,
     * but every piece of the send path has run once.
     */
    public void rehearse(List<OutMessage> messages) throws KernelException {
        sendAll(messages, "rehearsal", i -> "", true);
    }

    /**
     * Sends every message with as few sendmmsg calls as possible: one, unless the kernel takes only part of the
     * list or refuses a message. A refused message is skipped and the rest still go (one unreachable unicast peer
     * must not silence the others); the exception then names the first refused message.
     *
     * @param operation what is being sent, e.g. "send VRRP on eth0"
     * @param name      describes message {@code i} for the error ("datagram 3 of 5 to 192.0.2.2")
     * @throws KernelException for the first refused message, after trying all of them
     */
    public void sendAll(List<OutMessage> messages, String operation, IntFunction<String> name)
            throws KernelException {
        sendAll(messages, operation, name, false);
    }

    /**
     * {@link #sendAll}, or with {@code rehearsal} the same path with nothing handed to the kernel (callers use
     * one call site for both, so that what a call site costs the first time is paid by the rehearsal).
     */
    public void sendAll(List<OutMessage> messages, String operation, IntFunction<String> name, boolean rehearsal)
            throws KernelException {
        if (rehearsal) {
            if (!messages.isEmpty()) {
                sendmmsg(messages, 0, Math.min(messages.size(), UIO_MAXIOV), 0);
            }
            return;
        }
        KernelException first = null;
        int firstIndex = -1;
        int refused = 0;
        int i = 0;
        while (i < messages.size()) {
            try {
                i += sendBatch(messages, i);
            } catch (KernelException e) {
                if (isClosed()) {
                    throw e;
                }
                if (first == null) {
                    first = e;
                    firstIndex = i;
                }
                refused++;
                i++;
            }
        }
        if (first != null) {
            throw Errnos.exception(operation, first.errno(), name.apply(firstIndex)
                    + (refused > 1 ? " (" + refused + " of " + messages.size() + " refused)" : ""));
        }
    }

    /**
     * Receives up to {@code max} messages into {@code batch} with one recvmmsg, waiting until at least one is
     * there, the timeout passes, or the socket is closed.
     *
     * @param timeoutMillis how long to wait; negative waits for ever
     * @return the number of messages in the batch, 0 on timeout, -1 when the socket is closed
     */
    public int receive(RecvBatch batch, int max, long timeoutMillis) throws KernelException {
        int count = Math.min(Math.min(max, batch.slots()), UIO_MAXIOV);
        if (count < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000;
        enter();
        try {
            synchronized (receiveLock) {
                Syscalls.LibC c = Syscalls.libc();
                while (true) {
                    if (closed.get()) {
                        return -1;
                    }
                    Pointer mem = batch.prepare();
                    syscalls.incrementAndGet();
                    int n = c.recvmmsg(fd, mem, count, MSG_DONTWAIT, null);
                    if (n >= 0) {
                        batch.filled(n);
                        return n;
                    }
                    int e = Syscalls.errno();
                    if (e == Syscalls.EINTR) {
                        continue;
                    }
                    if (e != Syscalls.EAGAIN) {
                        throw Syscalls.error("recvmmsg", e, description);
                    }
                    long left = deadline == Long.MAX_VALUE ? -1 : (deadline - System.nanoTime()) / 1_000_000;
                    if (deadline != Long.MAX_VALUE && left <= 0) {
                        return 0;
                    }
                    awaitReadable((int) Math.min(left, Integer.MAX_VALUE));
                }
            }
        } finally {
            leave();
        }
    }

    /** Blocks in poll until the socket is readable, the eventfd is written (close) or the timeout passes. */
    private void awaitReadable(int timeoutMillis) throws KernelException {
        pollFds.putShort(6, (short) 0);
        pollFds.putShort(14, (short) 0);
        syscalls.incrementAndGet();
        Syscalls.call("poll", description, () -> Syscalls.libc().poll(pollFds, 2, timeoutMillis));
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Send, receive and poll system calls made on this socket so far (for benchmarks). */
    public long syscalls() {
        return syscalls.get();
    }

    /** Wakes a blocked receiver, waits for calls in progress to return, then closes the descriptors. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
        Syscalls.libc().write(wakeFd, one, 8);
        lifecycle.writeLock().lock();
        try {
            Syscalls.libc().close(fd);
            Syscalls.libc().close(wakeFd);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void enter() throws KernelException {
        lifecycle.readLock().lock();
        if (closed.get()) {
            lifecycle.readLock().unlock();
            throw new KernelException("socket", description + " is closed");
        }
    }

    private void leave() {
        lifecycle.readLock().unlock();
    }

    /**
     * Lays out {@code count} messages as an mmsghdr array followed by their iovecs, names, controls and data, in
     * one reusable native area (grown when needed). The first element doubles as the msghdr of a sendmsg.
     */
    private Pointer layout(List<OutMessage> messages, int from, int count) {
        long headers = (long) count * MsgLayout.MMSGHDR_SIZE;
        long iovs = headers;
        long payload = iovs + (long) count * MsgLayout.IOVEC_SIZE;
        long size = payload;
        for (int i = 0; i < count; i++) {
            OutMessage m = messages.get(from + i);
            size += MsgLayout.align(m.name().length) + MsgLayout.align(m.control().length)
                    + MsgLayout.align(m.data().length);
        }
        if (sendArea == null || sendArea.size() < size) {
            sendArea = Syscalls.allocate(Math.max(size, 4096));
        }
        Pointer mem = sendArea;
        long base = mem.address();
        long at = payload;
        for (int i = 0; i < count; i++) {
            OutMessage m = messages.get(from + i);
            long name = at;
            mem.put(name, m.name(), 0, m.name().length);
            at += MsgLayout.align(m.name().length);
            long control = at;
            mem.put(control, m.control(), 0, m.control().length);
            at += MsgLayout.align(m.control().length);
            long data = at;
            mem.put(data, m.data(), 0, m.data().length);
            at += MsgLayout.align(m.data().length);
            long hdr = (long) i * MsgLayout.MMSGHDR_SIZE;
            MsgLayout.fill(mem, hdr, iovs + (long) i * MsgLayout.IOVEC_SIZE, base + name, m.name().length,
                    base + data, m.data().length, base + control, m.control().length);
            mem.putInt(hdr + MsgLayout.MSG_LEN, 0);
        }
        return mem;
    }

    @Override
    public String toString() {
        return "NativeSocket[" + description + (closed.get() ? ", closed" : "") + "]";
    }
}
