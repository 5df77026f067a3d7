package io.vigil.core.port;

import io.vigil.core.net.AddressFamily;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * An unprivileged ICMP or ICMPv6 echo socket (a "ping socket": SOCK_DGRAM with IPPROTO_ICMP / IPPROTO_ICMPV6),
 * for PING_CHECK. The kernel fills in the identifier (the socket's own) and the checksum, and hands the socket only
 * the replies to that identifier, so no raw socket and no privilege is needed, only the daemon's group inside
 * {@code net.ipv4.ping_group_range} (which covers ICMPv6 too). Java has no ICMP and Netty cannot carry this
 * socket, hence a port.
 */
public interface PingSocket extends AutoCloseable {

    /**
     * Sends one echo request.
     *
     * @param sequence the echo sequence number (0-65535), to match the reply
     * @param payload  the data after the 8-byte ICMP header
     */
    void send(InetAddress target, int sequence, byte[] payload) throws KernelException;

    /**
     * Blocks until at least one echo reply arrives or the socket is closed, then returns up to {@code max} of
     * them; other ICMP messages are dropped.
     *
     * @return the replies, or an empty list once the socket is closed
     */
    List<EchoReply> receive(int max) throws KernelException;

    /** Unblocks {@link #receive} and releases the socket. */
    @Override
    void close();

    /** An echo reply: who answered, to which sequence number. */
    record EchoReply(InetAddress from, int sequence) {
        public EchoReply {
            Objects.requireNonNull(from, "from");
        }
    }

    /** Opens such sockets, in the network namespace of the calling thread. */
    interface Factory {
        /**
         * @param bindTo        the source address ({@code bindto}), or {@code null}
         * @param bindInterface the interface ({@code bind_if}, SO_BINDTODEVICE), or {@code null}
         * @param mark          the fwmark (SO_MARK), or {@code null}
         * @throws KernelException operation {@code socket} when ping sockets are not permitted (EACCES: the group
         *     is outside {@code net.ipv4.ping_group_range}), {@code bind} or {@code setsockopt} when the source,
         *     the interface or the mark cannot be used
         */
        PingSocket open(AddressFamily family, InetAddress bindTo, String bindInterface, Integer mark)
                throws KernelException;
    }
}
