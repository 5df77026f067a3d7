package io.vigil.healthcheck.icmp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
 * ICMP and ICMPv6 echo for PING_CHECK over unprivileged ping sockets ({@code SOCK_DGRAM}/{@code IPPROTO_ICMP}):
 * the kernel fills in the identifier and the checksum and hands each socket only the replies to its own
 * identifier. One socket per (family, source address, interface, mark), created on first use by the calling
 * thread (so in its network namespace); one receiver thread for all of them, not one per server. Replies are
 * matched by sequence number and source address and handed to {@code replies} (the engine's loop).
 *
 * <p>The socket needs the daemon's group in {@code net.ipv4.ping_group_range} (which covers ICMPv6 too);
 * otherwise {@link #send} throws a {@link NativeException} that says so.
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

    private record SocketKey(int family, InetAddress bindTo, String bindIf, Integer mark) {
    }

    private record Waiter(InetAddress target, Consumer<Reply> onReply) {
    }

    private final Executor replies;
    private final LibC c = LibC.Holder.LIBC;
    private final Map<SocketKey, PingSocket> sockets = new ConcurrentHashMap<>();
    private final int[] wake = new int[2];
    private final Thread receiver;
    private volatile boolean running = true;
    private volatile List<PingSocket> snapshot = List.of();

    /**
     * @param replies where reply callbacks run (the engine loop)
     * @param threads makes the one receiver thread
     */
    public IcmpEcho(Executor replies, ThreadFactory threads) throws NativeException {
        this.replies = Objects.requireNonNull(replies, "replies");
        if (c.pipe2(wake, LibC.O_NONBLOCK | LibC.O_CLOEXEC) != 0) {
            throw new NativeException("pipe2");
        }
        receiver = threads.newThread(this::receive);
        receiver.setDaemon(true);
        receiver.start();
    }

    /**
     * Sends one echo request.
     *
     * @throws NativeException when the socket cannot be made (permission: ping_group_range) or the send fails
     */
    public Pending send(InetAddress target, InetAddress bindTo, String bindIf, Integer mark,
            Consumer<Reply> onReply) throws NativeException {
        int family = target instanceof Inet6Address ? LibC.AF_INET6 : LibC.AF_INET;
        SocketKey key = new SocketKey(family, bindTo, bindIf, mark);
        PingSocket s = sockets.get(key);
        if (s == null) {
            s = open(key);
            sockets.put(key, s);
            snapshot = List.copyOf(sockets.values());
            c.write(wake[1], new byte[] {1}, 1);
        }
        return s.send(target, onReply);
    }

    private PingSocket open(SocketKey k) throws NativeException {
        int proto = k.family == LibC.AF_INET6 ? LibC.IPPROTO_ICMPV6 : LibC.IPPROTO_ICMP;
        int fd = c.socket(k.family, LibC.SOCK_DGRAM | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, proto);
        if (fd < 0) {
            int e = LibC.Holder.errno();
            String hint = e == LibC.EACCES || e == LibC.EPERM
                    ? ": ping socket not permitted, gid " + c.getgid() + " is outside net.ipv4.ping_group_range"
                    : ": " + c.strerror(e);
            throw new NativeException("socket(" + (k.family == LibC.AF_INET6 ? "AF_INET6" : "AF_INET")
                    + ", SOCK_DGRAM, " + (proto == LibC.IPPROTO_ICMP ? "IPPROTO_ICMP" : "IPPROTO_ICMPV6") + ")"
                    + hint, e);
        }
        try {
            if (k.bindIf != null) {
                byte[] name = (k.bindIf + "\0").getBytes(StandardCharsets.US_ASCII);
                if (c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, name.length) != 0) {
                    throw new NativeException("SO_BINDTODEVICE " + k.bindIf);
                }
            }
            if (k.mark != null) {
                byte[] v = intBytes(k.mark);
                if (c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_MARK, v, 4) != 0) {
                    throw new NativeException("SO_MARK " + k.mark);
                }
            }
            if (k.bindTo != null) {
                byte[] sa = SockAddr.encode(k.bindTo, 0);
                if (c.bind(fd, sa, sa.length) != 0) {
                    throw new NativeException("bind " + k.bindTo.getHostAddress());
                }
            }
        } catch (NativeException e) {
            c.close(fd);
            throw e;
        }
        return new PingSocket(fd, k.family);
    }

    private void receive() {
        byte[] buf = new byte[2048];
        byte[] from = new byte[28];
        int[] fromLen = new int[1];
        byte[] drain = new byte[64];
        while (running) {
            List<PingSocket> list = snapshot;
            byte[] fds = new byte[8 * (list.size() + 1)];
            putPollFd(fds, 0, wake[0]);
            for (int i = 0; i < list.size(); i++) {
                putPollFd(fds, i + 1, list.get(i).fd);
            }
            int n = c.poll(fds, list.size() + 1, 1000);
            if (n < 0) {
                if (LibC.Holder.errno() != LibC.EINTR) {
                    LOG.error("ICMP receiver: {}", LibC.Holder.error("poll"));
                }
                continue;
            }
            if (revents(fds, 0) != 0) {
                while (c.read(wake[0], drain, drain.length) > 0) {
                    // drained
                }
            }
            for (int i = 0; i < list.size(); i++) {
                if (revents(fds, i + 1) == 0) {
                    continue;
                }
                PingSocket s = list.get(i);
                for (int budget = 0; budget < 1024; budget++) {
                    fromLen[0] = from.length;
                    long r = c.recvfrom(s.fd, buf, buf.length, 0, from, fromLen);
                    if (r < 0) {
                        break; // EAGAIN, or an error queued on the socket: nothing more to read now
                    }
                    s.onDatagram(buf, (int) r, from);
                }
            }
        }
    }

    private static void putPollFd(byte[] fds, int i, int fd) {
        int o = i * 8;
        fds[o] = (byte) fd;
        fds[o + 1] = (byte) (fd >> 8);
        fds[o + 2] = (byte) (fd >> 16);
        fds[o + 3] = (byte) (fd >> 24);
        fds[o + 4] = LibC.POLLIN;
        fds[o + 5] = 0;
        fds[o + 6] = 0;
        fds[o + 7] = 0;
    }

    private static int revents(byte[] fds, int i) {
        return (fds[i * 8 + 6] & 0xff) | (fds[i * 8 + 7] & 0xff) << 8;
    }

    static byte[] intBytes(int v) {
        // native (little-endian on the supported x86_64) int for setsockopt
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    @Override
    public void close() {
        running = false;
        c.write(wake[1], new byte[] {1}, 1);
        try {
            receiver.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PingSocket s : sockets.values()) {
            c.close(s.fd);
        }
        sockets.clear();
        c.close(wake[0]);
        c.close(wake[1]);
    }

    /** One ping socket and its requests in flight, keyed by sequence number. */
    private final class PingSocket {
        final int fd;
        final int family;
        final Map<Integer, Waiter> waiting = new ConcurrentHashMap<>();
        int nextSeq;

        PingSocket(int fd, int family) {
            this.fd = fd;
            this.family = family;
        }

        Pending send(InetAddress target, Consumer<Reply> onReply) throws NativeException {
            int seq;
            synchronized (this) {
                int tries = 0;
                do {
                    seq = nextSeq++ & 0xffff;
                    if (++tries > 65536) {
                        throw new NativeException("all 65536 ICMP sequence numbers in use", LibC.EAGAIN);
                    }
                } while (waiting.containsKey(seq));
            }
            byte[] msg = new byte[8 + MAGIC.length];
            msg[0] = (byte) (family == LibC.AF_INET6 ? 128 : 8); // echo request
            msg[6] = (byte) (seq >> 8);
            msg[7] = (byte) seq;
            System.arraycopy(MAGIC, 0, msg, 8, MAGIC.length);
            byte[] sa = SockAddr.encode(target, 0);
            int key = seq;
            waiting.put(key, new Waiter(target, onReply));
            if (c.sendto(fd, msg, msg.length, 0, sa, sa.length) < 0) {
                waiting.remove(key);
                throw new NativeException("sendto " + target.getHostAddress());
            }
            return () -> waiting.remove(key);
        }

        void onDatagram(byte[] buf, int len, byte[] from) {
            if (len < 8) {
                return;
            }
            int type = buf[0] & 0xff;
            if (type != (family == LibC.AF_INET6 ? 129 : 0)) {
                return; // not an echo reply
            }
            int seq = ((buf[6] & 0xff) << 8) | (buf[7] & 0xff);
            InetAddress src;
            try {
                src = SockAddr.decode(from);
            } catch (UnknownHostException e) {
                return;
            }
            Waiter w = waiting.get(seq);
            if (w == null || !w.target.equals(src)) {
                return; // late, or not from the address we pinged
            }
            if (waiting.remove(seq, w)) {
                replies.execute(() -> w.onReply.accept(new Reply(src, seq)));
            }
        }
    }
}
