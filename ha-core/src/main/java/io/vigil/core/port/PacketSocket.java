package io.vigil.core.port;

import io.vigil.core.net.MacAddress;
import java.util.List;
import java.util.Objects;

/**
 * An AF_PACKET socket on one interface: receives the IP packets of one family and protocol that arrive on it
 * (never the ones this host sends), each with the sender's MAC, and sends whole Ethernet frames (gratuitous ARP,
 * unsolicited NA). One socket serves every instance on the interface.
 */
public interface PacketSocket extends AutoCloseable {

    /**
     * Blocks until at least one packet arrives or the socket is closed, then returns up to {@code max} packets.
     *
     * @return the packets, or an empty list once the socket is closed
     */
    List<ReceivedPacket> receive(int max) throws KernelException;

    /** Sends whole Ethernet frames (destination MAC first), in as few system calls as possible. */
    void sendFrames(List<byte[]> frames) throws KernelException;

    /** Like {@link IpSocket#rehearse}: prepares the path of {@link #sendFrames} for such frames, sends nothing. */
    default void rehearseFrames(List<byte[]> frames) throws KernelException {
    }

    /** Unblocks {@link #receive} and releases the socket. */
    @Override
    void close();

    /**
     * One received IP packet.
     *
     * @param ifindex   the interface it arrived on
     * @param sourceMac the Ethernet source
     * @param ipPacket  the whole IP packet, header included, as the wire carried it (no Ethernet padding)
     */
    record ReceivedPacket(int ifindex, MacAddress sourceMac, byte[] ipPacket) {
        public ReceivedPacket {
            Objects.requireNonNull(sourceMac, "sourceMac");
            Objects.requireNonNull(ipPacket, "ipPacket");
        }
    }

    /** Opens such sockets. */
    interface Factory {
        /**
         * @param interfaceName   the interface to bind to
         * @param etherType       0x0800 (IPv4) or 0x86dd (IPv6): the IP packets to receive
         * @param ipProtocol      only packets of this IP protocol (IPv6: next header) are received
         * @param multicastMacs   link-layer groups to join so that the NIC accepts them (01:00:5e:00:00:12...)
         */
        PacketSocket open(String interfaceName, int etherType, int ipProtocol, List<MacAddress> multicastMacs)
                throws KernelException;
    }
}
