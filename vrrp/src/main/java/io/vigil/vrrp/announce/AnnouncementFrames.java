package io.vigil.vrrp.announce;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.InternetChecksum;
import io.vigil.core.net.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the frames a new master sends for each virtual address so that hosts and switches learn where it now
 * lives (vrrp-standards.md §4.2):
 * <ul>
 * <li>IPv4: a gratuitous ARP request (op 1) to broadcast, sender = target protocol address = the VIP, sender
 * hardware address = the given MAC (the VMAC, or the real MAC without {@code use_vmac}), target hardware address
 * broadcast as keepalived sends it;</li>
 * <li>IPv6: an unsolicited neighbour advertisement (RFC 4861 §7.2.6) to all-nodes ff02::1, from the interface's
 * link-local address, hop limit 255, flags R (router, as the caller says) S=0 O=1, target = the VIP, with a
 * target link-layer address option carrying the MAC.</li>
 * </ul>
 * Frames are not padded to the 60-byte Ethernet minimum: the driver pads short frames on the wire.
 */
public final class AnnouncementFrames {

    /** Ethernet header: destination, source, EtherType. */
    public static final int ETHERNET_HEADER = 14;
    /** Length of a gratuitous ARP frame: Ethernet + 28-byte ARP for IPv4 over Ethernet. */
    public static final int GRATUITOUS_ARP_LENGTH = ETHERNET_HEADER + 28;
    /** Length of an NA frame: Ethernet + IPv6 header + 24-byte NA + 8-byte target link-layer option. */
    public static final int NEIGHBOR_ADVERTISEMENT_LENGTH = ETHERNET_HEADER + 40 + 24 + 8;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ICMPV6 = 58;
    private static final int ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
    private static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    private static final int FLAG_ROUTER = 0x80;
    private static final int FLAG_OVERRIDE = 0x20;
    private static final byte[] ALL_NODES = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private AnnouncementFrames() {
    }

    /** A gratuitous ARP request for {@code vip}, from {@code mac}. */
    public static byte[] gratuitousArp(MacAddress mac, Inet4Address vip) {
        Objects.requireNonNull(mac, "mac");
        byte[] ip = vip.getAddress();
        byte[] f = new byte[GRATUITOUS_ARP_LENGTH];
        int p = ethernet(f, MacAddress.BROADCAST, mac, ETHERTYPE_ARP);
        putU16(f, p, 1);                     // hardware type: Ethernet
        putU16(f, p + 2, ETHERTYPE_IPV4);    // protocol type
        f[p + 4] = 6;                        // hardware address length
        f[p + 5] = 4;                        // protocol address length
        putU16(f, p + 6, 1);                 // operation: request
        mac.copyTo(f, p + 8);                // sender hardware address
        System.arraycopy(ip, 0, f, p + 14, 4);
        MacAddress.BROADCAST.copyTo(f, p + 18);
        System.arraycopy(ip, 0, f, p + 24, 4);
        return f;
    }

    /**
     * An unsolicited neighbour advertisement for {@code vip}.
     *
     * @param mac       Ethernet source and target link-layer address
     * @param linkLocal the sending interface's link-local address (the IPv6 source)
     * @param vip       the target address
     * @param router    the R flag: set when the node is a router (keepalived: when the interface forwards)
     * @throws IllegalArgumentException when {@code linkLocal} is not link-local
     */
    public static byte[] unsolicitedNeighborAdvertisement(MacAddress mac, Inet6Address linkLocal, Inet6Address vip,
                                                          boolean router) {
        Objects.requireNonNull(mac, "mac");
        if (!InetAddresses.isLinkLocal(linkLocal)) {
            throw new IllegalArgumentException("the NA source must be link-local, got "
                    + InetAddresses.toText(linkLocal));
        }
        byte[] src = linkLocal.getAddress();
        byte[] f = new byte[NEIGHBOR_ADVERTISEMENT_LENGTH];
        int ip = ethernet(f, MulticastMacs.ALL_NODES_IPV6, mac, ETHERTYPE_IPV6);
        int icmpLength = 24 + 8;
        f[ip] = 0x60;                        // version 6, traffic class 0, flow label 0
        putU16(f, ip + 4, icmpLength);       // payload length
        f[ip + 6] = ICMPV6;                  // next header
        f[ip + 7] = (byte) 255;              // hop limit (RFC 4861 §7.1.2)
        System.arraycopy(src, 0, f, ip + 8, 16);
        System.arraycopy(ALL_NODES, 0, f, ip + 24, 16);
        int icmp = ip + 40;
        f[icmp] = (byte) ICMPV6_NEIGHBOR_ADVERTISEMENT;
        f[icmp + 1] = 0;                     // code
        f[icmp + 4] = (byte) ((router ? FLAG_ROUTER : 0) | FLAG_OVERRIDE);
        System.arraycopy(vip.getAddress(), 0, f, icmp + 8, 16);
        f[icmp + 24] = OPTION_TARGET_LINK_LAYER_ADDRESS;
        f[icmp + 25] = 1;                    // option length in units of 8 bytes
        mac.copyTo(f, icmp + 26);
        long sum = InternetChecksum.add(0, f, ip + 8, 32)   // pseudo-header: source and destination
                + icmpLength + ICMPV6;                       // upper-layer length and next header
        putU16(f, icmp + 2, InternetChecksum.finish(InternetChecksum.add(sum, f, icmp, icmpLength)));
        return f;
    }

    /**
     * The announcement of every address: a gratuitous ARP per IPv4 address, an NA per IPv6 address.
     *
     * @param linkLocal the interface's link-local address; needed only when {@code addresses} has IPv6 ones
     */
    public static List<byte[]> forAddresses(MacAddress mac, Inet6Address linkLocal, List<InetAddress> addresses,
                                            boolean router) {
        List<byte[]> frames = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            if (a instanceof Inet4Address v4) {
                frames.add(gratuitousArp(mac, v4));
            } else {
                Objects.requireNonNull(linkLocal, "an IPv6 announcement needs the interface's link-local address");
                frames.add(unsolicitedNeighborAdvertisement(mac, linkLocal, (Inet6Address) a, router));
            }
        }
        return frames;
    }

    private static int ethernet(byte[] f, MacAddress destination, MacAddress source, int etherType) {
        destination.copyTo(f, 0);
        source.copyTo(f, 6);
        putU16(f, 12, etherType);
        return ETHERNET_HEADER;
    }

    private static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
