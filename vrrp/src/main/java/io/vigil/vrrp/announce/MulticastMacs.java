package io.vigil.vrrp.announce;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import io.vigil.vrrp.packet.VrrpProtocol;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Ethernet multicast addresses of IP groups (RFC 1112 §6.4 for IPv4: 01:00:5e and the low 23 bits; RFC 2464 §7
 * for IPv6: 33:33 and the low 32 bits), which a packet socket must join so that the NIC delivers the group's
 * frames, and the IPv6 solicited-node group of an address (RFC 4291 §2.7.1).
 */
public final class MulticastMacs {

    /** 01:00:5e:00:00:12, for 224.0.0.18. */
    public static final MacAddress VRRP_IPV4 = forGroup(VrrpProtocol.IPV4_GROUP);
    /** 33:33:00:00:00:12, for ff02::12. */
    public static final MacAddress VRRP_IPV6 = forGroup(VrrpProtocol.IPV6_GROUP);
    /** 33:33:00:00:00:01, for the all-nodes group ff02::1 (where unsolicited NAs go). */
    public static final MacAddress ALL_NODES_IPV6 =
            MacAddress.of(new byte[] {0x33, 0x33, 0, 0, 0, 1});

    private MulticastMacs() {
    }

    /** The VRRP group's MAC of a family. */
    public static MacAddress vrrp(AddressFamily family) {
        return family == AddressFamily.INET ? VRRP_IPV4 : VRRP_IPV6;
    }

    /**
     * The Ethernet address frames to this IP multicast group are sent to.
     *
     * @throws IllegalArgumentException when the address is not multicast
     */
    public static MacAddress forGroup(InetAddress group) {
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException(group + " is not a multicast address");
        }
        byte[] g = group.getAddress();
        if (g.length == 4) {
            return MacAddress.of(new byte[] {0x01, 0x00, 0x5e, (byte) (g[1] & 0x7f), g[2], g[3]});
        }
        return MacAddress.of(new byte[] {0x33, 0x33, g[12], g[13], g[14], g[15]});
    }

    /** ff02::1:ffXX:XXXX, the solicited-node group of an IPv6 address (the last 24 bits are the address's). */
    public static Inet6Address solicitedNode(Inet6Address address) {
        byte[] a = address.getAddress();
        byte[] g = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, (byte) 0xff, a[13], a[14], a[15]};
        try {
            return Inet6Address.getByAddress(null, g, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
