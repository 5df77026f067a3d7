package io.vigil.healthcheck.icmp;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.PingSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICMP and ICMPv6 echo for PING_CHECK over the kernel's ping sockets ({@link PingSocket}): one socket per (family,
 * source address, interface, mark), opened on first use by the calling thread (so in its network namespace), with
 * one receiving thread each (a handful in all, not one per server). Requests in flight are matched to replies by
 * sequence number and source address; the reply callback runs on {@code replies} (the engine's loop).
 */
public final class IcmpEcho implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IcmpEcho.class);
    private static final byte[] MAGIC = "vigil-ping".getBytes(StandardCharsets.US_ASCII);

    /** A reply to an echo request. */
    public record Reply(InetAddress from, int sequence) {
    }

    /** An echo request waiting for its reply. */
    public interface Pending {
        /** Forgets the request; a late reply is dropped. */
        void cancel();
    }

    private record SocketKey(AddressFamily family, InetAddress bindTo, String bindIf, Integer mark) {
    }

    private record Waiter(InetAddress target, Consumer<Reply> onReply) {
    }

    private final PingSocket.Factory factory;
    private final Executor replies;
    private final ThreadFactory threads;
    private final Map<SocketKey, Echo> sockets = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param factory opens the ping sockets
     * @param replies where reply callbacks run (the engine loop)
     * @param threads makes the receiving threads
     */
    public IcmpEcho(PingSocket.Factory factory, Executor replies, ThreadFactory threads) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    /**
     * Sends one echo request.
     *
     * @throws KernelException when the socket cannot be made (operation {@code socket}: ping_group_range;
     *     {@code bind}/{@code setsockopt}: the source, interface or mark) or the send fails ({@code sendto})
     */
    public Pending send(InetAddress target, InetAddress bindTo, String bindIf, Integer mark,
            Consumer<Reply> onReply) throws KernelException {
        if (closed) {
            throw new KernelException("socket", "the ICMP echo service is closed");
        }
        SocketKey key = new SocketKey(AddressFamily.of(target), bindTo, bindIf, mark);
        Echo e = sockets.get(key);
        if (e == null) {
            e = new Echo(factory.open(key.family(), bindTo, bindIf, mark));
            sockets.put(key, e);
            e.start();
        }
        return e.send(target, onReply);
    }

    @Override
    public void close() {
        closed = true;
        for (Echo e : sockets.values()) {
            e.close();
        }
        sockets.clear();
    }

    /** One ping socket, its receiving thread and its requests in flight, keyed by sequence number. */
    private final class Echo {
        final PingSocket socket;
        final Map<Integer, Waiter> waiting = new ConcurrentHashMap<>();
        Thread receiver;
        int nextSeq;

        Echo(PingSocket socket) {
            this.socket = socket;
        }

        void start() {
            receiver = threads.newThread(this::receive);
            receiver.setDaemon(true);
            receiver.start();
        }

        Pending send(InetAddress target, Consumer<Reply> onReply) throws KernelException {
            int seq;
            synchronized (this) {
                int tries = 0;
                do {
                    seq = nextSeq++ & 0xffff;
                    if (++tries > 65536) {
                        throw new KernelException("sendto", "all 65536 ICMP sequence numbers in use");
                    }
                } while (waiting.containsKey(seq));
                waiting.put(seq, new Waiter(target, onReply));
            }
            int key = seq;
            try {
                socket.send(target, seq, MAGIC);
            } catch (KernelException | RuntimeException ex) {
                waiting.remove(key);
                throw ex;
            }
            return () -> waiting.remove(key);
        }

        void receive() {
            while (!closed) {
                List<PingSocket.EchoReply> got;
                try {
                    got = socket.receive(256);
                } catch (KernelException ex) {
                    if (!closed) {
                        LOG.error("ICMP receiver: {}", ex.getMessage());
                    }
                    return;
                }
                if (got.isEmpty()) {
                    return; // closed
                }
                for (PingSocket.EchoReply r : got) {
                    Waiter w = waiting.get(r.sequence());
                    if (w == null || !w.target().equals(r.from())) {
                        continue; // late, or not from the address we pinged
                    }
                    if (waiting.remove(r.sequence(), w)) {
                        Reply reply = new Reply(r.from(), r.sequence());
                        replies.execute(() -> w.onReply().accept(reply));
                    }
                }
            }
        }

        void close() {
            socket.close();
            if (receiver != null) {
                try {
                    receiver.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
