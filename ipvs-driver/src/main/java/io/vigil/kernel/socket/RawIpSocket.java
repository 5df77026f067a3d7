package io.vigil.kernel.socket;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.IpSocket;
import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.Errnos;
import io.vigil.kernel.nativ.NativeSocket;
import io.vigil.kernel.nativ.OutMessage;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link IpSocket} on a raw IP socket (SOCK_RAW with the protocol, no IP_HDRINCL: the kernel writes the IP header
 * with the TTL / hop limit and TOS / traffic class set at open). See {@link RawIpSocketFactory} for the options.
 * Each datagram carries its source in an IP_PKTINFO / IPV6_PKTINFO control message (with the interface), so one
 * socket sends for every instance on the interface, each from its own address, and a whole list goes out in one
 * sendmmsg. The payload is sent as given: the caller computes the checksum (IPv6 included; IPV6_CHECKSUM is not
 * set), which is why an IPv6 datagram should name its source: the checksum covers it.
 *
 * <p>The socket only sends: a drop-all filter keeps the kernel from queueing every received packet of the
 * protocol on it. Thread-safe.
 */
final class RawIpSocket implements IpSocket {

    private final NativeSocket socket;
    private final String interfaceName;
    private final int ifindex;
    private final AddressFamily family;
    private final int protocol;
    private final String operation;

    RawIpSocket(NativeSocket socket, String interfaceName, int ifindex, AddressFamily family, int protocol) {
        this.socket = socket;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.family = family;
        this.protocol = protocol;
        this.operation = "send protocol " + protocol + " on " + interfaceName;
    }

    @Override
    public void send(List<Datagram> datagrams) throws KernelException {
        transmit(datagrams, false);
    }

    @Override
    public void rehearse(List<Datagram> datagrams) throws KernelException {
        transmit(datagrams, true);
    }

    private void transmit(List<Datagram> datagrams, boolean rehearsal) throws KernelException {
        if (datagrams.isEmpty()) {
            return;
        }
        List<OutMessage> messages = new ArrayList<>(datagrams.size());
        for (Datagram d : datagrams) {
            messages.add(encode(d));
        }
        socket.sendAll(messages, operation, i -> {
            Datagram d = datagrams.get(i);
            return "datagram " + (i + 1) + " of " + datagrams.size() + " to " + InetAddresses.toText(d.destination())
                    + (d.source() == null ? "" : " from " + InetAddresses.toText(d.source()));
        }, rehearsal);
    }

    OutMessage encode(Datagram d) {
        checkFamily(d.destination(), "destination");
        byte[] control = null;
        if (d.source() != null) {
            checkFamily(d.source(), "source");
            control = ControlMessages.packetInfo(ifindex, d.source());
        }
        return new OutMessage(SockAddrs.inet(d.destination(), scopeOf(d.destination())), d.payload(), control);
    }

    /** Link-scoped IPv6 destinations (fe80::/10, ff02::/16) need the interface as their scope id. */
    private int scopeOf(InetAddress destination) {
        if (destination instanceof Inet6Address a && (a.isLinkLocalAddress() || a.isMCLinkLocal())) {
            return ifindex;
        }
        return 0;
    }

    private void checkFamily(InetAddress a, String what) {
        if (AddressFamily.of(a) != family) {
            throw new IllegalArgumentException(what + " " + InetAddresses.toText(a) + " on an "
                    + family.displayName() + " socket");
        }
    }

    /**
     * IP_ADD_MEMBERSHIP with a {@code struct ip_mreqn {group, local address 0, ifindex}} / IPV6_JOIN_GROUP with
     * a {@code struct ipv6_mreq {group, ifindex}}. Joining a group already joined is not an error.
     */
    @Override
    public void joinMulticast(InetAddress group) throws KernelException {
        checkFamily(group, "group");
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException("not a multicast group: " + InetAddresses.toText(group));
        }
        try {
            if (family == AddressFamily.INET) {
                socket.setBytes(RawIpSocketFactory.IPPROTO_IP, RawIpSocketFactory.IP_ADD_MEMBERSHIP,
                        RawIpSocketFactory.ipMreqn(group.getAddress(), ifindex));
            } else {
                byte[] mreq = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).put(group.getAddress())
                        .putInt(ifindex).array();
                socket.setBytes(RawIpSocketFactory.IPPROTO_IPV6, RawIpSocketFactory.IPV6_JOIN_GROUP, mreq);
            }
        } catch (KernelException e) {
            if (e.errno() != Errnos.EADDRINUSE) { // already a member
                throw Errnos.exception("join " + InetAddresses.toText(group) + " on " + interfaceName, e.errno(),
                        null);
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "RawIpSocket[" + interfaceName + ", " + family.displayName() + ", protocol " + protocol + "]";
    }
}
