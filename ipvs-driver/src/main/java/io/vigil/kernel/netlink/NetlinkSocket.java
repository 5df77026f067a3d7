package io.vigil.kernel.netlink;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.Errnos;
import io.vigil.kernel.nativ.NativeSocket;
import io.vigil.kernel.nativ.OutMessage;
import io.vigil.kernel.nativ.RecvBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jnr.constants.platform.Sock;
import jnr.constants.platform.SocketLevel;
import jnr.constants.platform.SocketOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A netlink socket of one protocol (rtnetlink, generic netlink...): requests with sequence numbers and their
 * acks, dumps, batches, and multicast notifications.
 *
 * <p><b>Batches.</b> {@link #executeAll} packs many requests into one datagram (one sendmsg): the kernel handles
 * them in order and acks each one; the acks are then read back with recvmmsg, many per call. Taking over 255 VIPs
 * costs a few system calls, not 255 round trips. A batch is cut into chunks of at most {@value #MAX_CHUNK}
 * requests (and 64 KiB) so the acks of one chunk always fit in the receive buffer: an ack the kernel cannot queue
 * is dropped (ENOBUFS), and the outcome of that request would be unknown.
 *
 * <p><b>Errors.</b> The socket turns on NETLINK_EXT_ACK (the kernel explains refusals in words), NETLINK_CAP_ACK
 * (acks don't echo the whole request) and, where the kernel has it, NETLINK_GET_STRICT_CHK (dump filters such as
 * an ifindex are applied by the kernel). A refused request is reported in its {@link NlReply}; a reply that cannot
 * be parsed is a {@link NetlinkProtocolException}; no answer within the timeout is a {@link KernelException}, never
 * a hang.
 *
 * <p>Thread safety: requests are serialised (one batch at a time); a subscribed socket is read by one thread.
 */
public final class NetlinkSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetlinkSocket.class);

    /** Requests per sendmsg; their acks (about 1 KiB of receive buffer each) must fit in the receive buffer. */
    static final int MAX_CHUNK = 128;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;
    private static final int RECEIVE_BUFFER = 1 << 20;
    /**
     * Receive slots: the kernel sizes each dump datagram after the largest buffer the reader has offered (and
     * never above 32 KiB; netlink_dump), so 16 KiB slots get dump parts of at most 16 KiB unless one message alone
     * is larger (then it is reported as cut, never misread). 64 of them let one recvmmsg read 64 acks: 255
     * changes cost 2 sendmsg and 4 recvmmsg calls. 1 MiB of native memory per socket.
     */
    private static final int SLOT_SIZE = 16 * 1024;
    private static final int SLOTS = 64;
    private static final int DUMP_ATTEMPTS = 5;
    /** sizeof(struct sockaddr_nl), {@code <linux/netlink.h>}: u16 family, u16 pad, u32 pid, u32 groups. */
    private static final int SOCKADDR_NL_SIZE = 12;
    private static final byte[] KERNEL = sockaddrNl(0, 0);

    private final NativeSocket socket;
    private final String name;
    private final RecvBatch batch = new RecvBatch(SLOTS, SLOT_SIZE, SOCKADDR_NL_SIZE);
    private final AtomicLong sendCalls = new AtomicLong();
    private final AtomicLong receiveCalls = new AtomicLong();
    private final Object requestLock = new Object();
    private int nextSeq = 1;
    private volatile Duration timeout = Duration.ofSeconds(10);

    private NetlinkSocket(NativeSocket socket, String name) {
        this.socket = socket;
        this.name = name;
    }

    /**
     * Opens a netlink socket in the calling thread's network namespace.
     *
     * @param protocol e.g. {@link Netlink#NETLINK_ROUTE}
     * @param name     what it is for, used in messages ("rtnetlink")
     */
    public static NetlinkSocket open(int protocol, String name) throws KernelException {
        NativeSocket s = NativeSocket.open(name, Netlink.AF_NETLINK, Sock.SOCK_RAW.intValue(), protocol);
        try {
            s.bind(KERNEL); // pid 0: the kernel picks our port id
            s.setInt(Netlink.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1);
            s.setInt(Netlink.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1);
            optional(s, Netlink.NETLINK_GET_STRICT_CHK);
            NetlinkSocket socket = new NetlinkSocket(s, name);
            socket.setReceiveBuffer(RECEIVE_BUFFER);
            return socket;
        } catch (KernelException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static void optional(NativeSocket s, int option) throws KernelException {
        try {
            s.setInt(Netlink.SOL_NETLINK, option, 1);
        } catch (KernelException e) {
            if (e.errno() != Errnos.ENOPROTOOPT) {
                throw e;
            }
            LOG.debug("netlink option {} not supported by this kernel", option);
        }
    }

    /** Joins a multicast group (RTNLGRP_LINK...), to receive its notifications with {@link #receive}. */
    public void subscribe(int group) throws KernelException {
        socket.setInt(Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group);
    }

    /**
     * Sets the receive buffer (SO_RCVBUFFORCE, or SO_RCVBUF within net.core.rmem_max when not privileged). The
     * default is 1 MiB; a subscribed socket whose reader falls further behind than this loses notifications
     * (ENOBUFS).
     */
    public void setReceiveBuffer(int bytes) throws KernelException {
        try {
            socket.setInt(SocketLevel.SOL_SOCKET.intValue(), SocketOption.SO_RCVBUFFORCE.intValue(), bytes);
        } catch (KernelException e) {
            socket.setInt(SocketLevel.SOL_SOCKET.intValue(), SocketOption.SO_RCVBUF.intValue(), bytes);
        }
    }

    /** How long a request may wait for its answer (default 10 s). */
    public void setTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    /** The port id the kernel gave this socket. */
    public int portId() throws KernelException {
        byte[] a = socket.localAddress();
        return a.length >= 8 ? ByteBuffer.wrap(a).order(ByteOrder.nativeOrder()).getInt(4) : 0;
    }

    /** sendmsg calls made so far (for benchmarks and tests of batching). */
    public long sendCalls() {
        return sendCalls.get();
    }

    /** Every system call on the socket so far: sendmsg, recvmmsg (including those that found nothing), poll. */
    public long syscalls() {
        return socket.syscalls();
    }

    /** recvmmsg calls made so far. */
    public long receiveCalls() {
        return receiveCalls.get();
    }

    /** Sends one request and waits for its answer; a refusal is in the reply, see {@link NlReply#check()}. */
    public NlReply execute(NlRequest request) throws KernelException {
        return executeAll(List.of(request)).get(0);
    }

    /**
     * Sends the requests in as few datagrams as possible and returns one reply per request, in order. The kernel
     * handles every request even when an earlier one failed.
     */
    public List<NlReply> executeAll(List<NlRequest> requests) throws KernelException {
        List<NlReply> replies = new ArrayList<>(requests.size());
        synchronized (requestLock) {
            int i = 0;
            while (i < requests.size()) {
                int bytes = 0;
                int end = i;
                while (end < requests.size() && end - i < MAX_CHUNK
                        && (end == i || bytes + requests.get(end).encodedLength() <= MAX_CHUNK_BYTES)) {
                    bytes += requests.get(end).encodedLength();
                    end++;
                }
                replies.addAll(exchange(requests.subList(i, end), bytes));
                i = end;
            }
        }
        return replies;
    }

    /**
     * Runs a dump request (NLM_F_DUMP) and returns every message of the answer. A dump the kernel marks
     * inconsistent (NLM_F_DUMP_INTR: the table changed under it) is retried.
     *
     * @throws KernelException when the kernel refuses the dump (named after the request)
     */
    public List<NlMessage> dump(NlRequest request) throws KernelException {
        if (!request.isDump()) {
            throw new IllegalArgumentException("not a dump request: " + request);
        }
        for (int attempt = 1; ; attempt++) {
            NlReply reply = execute(request).check();
            boolean interrupted = reply.messages().stream().anyMatch(m -> m.hasFlag(Netlink.NLM_F_DUMP_INTR));
            if (!interrupted) {
                return reply.messages();
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new KernelException(request.description(), "dump still inconsistent after " + attempt
                        + " attempts (the table kept changing)");
            }
            LOG.debug("{}: dump interrupted by a change, retrying", request.description());
        }
    }

    /**
     * Receives notifications (for a subscribed socket): waits up to {@code timeoutMillis} (negative: for ever)
     * and returns the messages of the datagrams that arrived.
     *
     * @return the messages; empty on timeout or once the socket is closed (see {@link #isClosed()})
     * @throws KernelException errno ENOBUFS when the kernel dropped notifications because the reader was slow
     */
    public List<NlMessage> receive(long timeoutMillis) throws KernelException {
        List<NlMessage> out = new ArrayList<>();
        int n;
        try {
            n = socket.receive(batch, SLOTS, timeoutMillis);
        } catch (KernelException e) {
            if (socket.isClosed()) {
                return out;
            }
            throw e;
        }
        receiveCalls.incrementAndGet();
        for (int i = 0; i < n; i++) {
            if (fromKernel(i)) {
                out.addAll(datagram(i));
            }
        }
        return out;
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    /** Closes the socket; a thread blocked in {@link #receive} returns at once. */
    @Override
    public void close() {
        socket.close();
    }

    /** Sends one chunk as one datagram and collects an answer for each of its requests. */
    private List<NlReply> exchange(List<NlRequest> chunk, int bytes) throws KernelException {
        ByteBuffer out = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
        Map<Integer, Pending> pending = new LinkedHashMap<>();
        List<Pending> order = new ArrayList<>(chunk.size());
        for (NlRequest r : chunk) {
            int seq = nextSeq();
            r.encodeTo(out, seq, 0);
            Pending p = new Pending(r);
            pending.put(seq, p);
            order.add(p);
        }
        socket.send(new OutMessage(KERNEL, out.array(), null));
        sendCalls.incrementAndGet();
        collect(pending);
        List<NlReply> replies = new ArrayList<>(chunk.size());
        for (Pending p : order) {
            replies.add(new NlReply(p.request, p.status, p.messages));
        }
        return replies;
    }

    private void collect(Map<Integer, Pending> pending) throws KernelException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            int n;
            try {
                n = socket.receive(batch, SLOTS, left);
            } catch (KernelException e) {
                if (e.errno() == Errnos.ENOBUFS) {
                    throw new KernelException(firstOf(pending), e.errno(), e.errnoName(), name
                            + ": the kernel dropped answers (receive buffer full); the outcome of "
                            + pending.size() + " request(s) is unknown");
                }
                throw e;
            }
            receiveCalls.incrementAndGet();
            if (n < 0) {
                throw new KernelException(firstOf(pending), name + " closed while waiting for the kernel's answer");
            }
            if (n == 0 && System.nanoTime() - deadline >= 0) {
                throw new KernelException(firstOf(pending), "no answer from the kernel within " + timeout.toMillis()
                        + " ms (" + pending.size() + " request(s) pending on " + name + ")");
            }
            for (int i = 0; i < n; i++) {
                if (!fromKernel(i)) {
                    continue;
                }
                for (NlMessage m : datagram(i)) {
                    dispatch(m, pending);
                }
            }
        }
    }

    private void dispatch(NlMessage m, Map<Integer, Pending> pending) throws NetlinkProtocolException {
        Pending p = pending.get(m.seq());
        if (p == null) {
            LOG.debug("{}: ignoring message for no pending request: {}", name, m);
            return;
        }
        switch (m.type()) {
            case Netlink.NLMSG_NOOP -> {
            }
            case Netlink.NLMSG_ERROR, Netlink.NLMSG_DONE -> {
                p.status = NlError.parse(m);
                pending.remove(m.seq());
            }
            case Netlink.NLMSG_OVERRUN -> throw new NetlinkProtocolException(p.request.description()
                    + ": NLMSG_OVERRUN (data lost)");
            default -> p.messages.add(m);
        }
    }

    private boolean fromKernel(int slot) throws NetlinkProtocolException {
        if (batch.truncated(slot)) {
            throw new NetlinkProtocolException(name + ": a datagram longer than " + SLOT_SIZE + " bytes was cut");
        }
        byte[] from = batch.name(slot);
        int pid = from.length >= 8 ? ByteBuffer.wrap(from).order(ByteOrder.nativeOrder()).getInt(4) : -1;
        if (pid != 0) {
            LOG.warn("{}: ignoring a datagram from port {}, not from the kernel", name, pid);
            return false;
        }
        return true;
    }

    private List<NlMessage> datagram(int slot) throws NetlinkProtocolException {
        return NlMessage.parseAll(ByteBuffer.wrap(batch.data(slot)));
    }

    private int nextSeq() {
        int s = nextSeq++;
        if (nextSeq == 0) {
            nextSeq = 1; // 0 is what notifications carry
        }
        return s;
    }

    private static String firstOf(Map<Integer, Pending> pending) {
        return pending.values().iterator().next().request.description();
    }

    private static byte[] sockaddrNl(int pid, int groups) {
        return ByteBuffer.allocate(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder())
                .putShort((short) Netlink.AF_NETLINK).putShort((short) 0).putInt(pid).putInt(groups).array();
    }

    /** A request waiting for its ack. */
    private static final class Pending {
        final NlRequest request;
        final List<NlMessage> messages = new ArrayList<>();
        NlError status;

        Pending(NlRequest request) {
            this.request = request;
        }
    }

    @Override
    public String toString() {
        return "NetlinkSocket[" + name + "]";
    }
}
