package io.vigil.core.port;

import io.vigil.core.net.AddressFamily;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Sends IP datagrams of one protocol (112 for VRRP) out of one interface; the kernel builds the IP header with
 * the given TTL / hop limit and TOS / traffic class. One socket serves every instance on the interface.
 */
public interface IpSocket extends AutoCloseable {

    /**
     * Sends every datagram, in order, in as few system calls as possible (sendmmsg).
     *
     * @throws KernelException naming the first datagram the kernel refused
     */
    void send(List<Datagram> datagrams) throws KernelException;

    /**
     * Prepares the send path for datagrams like these (builds the kernel's structures and makes a system call
     * that sends nothing), so that the first real send, often the first advert of a takeover, is not slowed by
     * loading and linking code. Sends nothing.
     */
    default void rehearse(List<Datagram> datagrams) throws KernelException {
    }

    /**
     * Joins a multicast group on the interface (IGMP / MLD membership), so that snooping switches forward the
     * group's traffic to this host.
     */
    void joinMulticast(InetAddress group) throws KernelException;

    @Override
    void close();

    /** One datagram to send: the payload goes after the IP header the kernel builds. */
    record Datagram(InetAddress source, InetAddress destination, byte[] payload) {
        public Datagram {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** Opens such sockets. */
    interface Factory {
        /**
         * @param interfaceName the interface to send on (SO_BINDTODEVICE and the multicast interface)
         * @param family        IPv4 or IPv6
         * @param protocol      the IP protocol number
         * @param ttl           TTL / hop limit for unicast and multicast
         * @param tos           IPv4 TOS / IPv6 traffic class
         */
        IpSocket open(String interfaceName, AddressFamily family, int protocol, int ttl, int tos)
                throws KernelException;
    }
}
