package io.vigil.kernel.socket;

import io.vigil.kernel.nativ.NativeSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Ancillary data (cmsghdr) for sendmsg: {@code size_t cmsg_len, int cmsg_level, int cmsg_type}, then the data,
 * each part aligned to sizeof(size_t) (CMSG_ALIGN in {@code <bits/socket.h>}).
 */
public final class ControlMessages {

    /** IPPROTO_IP / IPPROTO_IPV6, the cmsg levels. */
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_IPV6 = 41;
    /** IP_PKTINFO, {@code <linux/in.h>}. */
    static final int IP_PKTINFO = jnr.constants.platform.IP.IP_PKTINFO.intValue();
    /** IPV6_PKTINFO, {@code <linux/in6.h>}. */
    static final int IPV6_PKTINFO = 50;

    private ControlMessages() {
    }

    /**
     * IP_PKTINFO with {@code struct in_pktinfo {int ipi_ifindex; in_addr ipi_spec_dst; in_addr ipi_addr;}}: on
     * send, ipi_spec_dst is the source address and ipi_ifindex the outgoing interface.
     */
    public static byte[] ipv4PacketInfo(int ifindex, Inet4Address source) {
        byte[] data = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putInt(ifindex)
                .put(source.getAddress()).putInt(0).array();
        return cmsg(IPPROTO_IP, IP_PKTINFO, data, NativeSocket.addressSize());
    }

    /** IPV6_PKTINFO with {@code struct in6_pktinfo {in6_addr ipi6_addr; int ipi6_ifindex;}}: source and interface. */
    public static byte[] ipv6PacketInfo(int ifindex, Inet6Address source) {
        byte[] data = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).put(source.getAddress())
                .putInt(ifindex).array();
        return cmsg(IPPROTO_IPV6, IPV6_PKTINFO, data, NativeSocket.addressSize());
    }

    /** The packet-info control message for either family. */
    public static byte[] packetInfo(int ifindex, InetAddress source) {
        if (source instanceof Inet4Address a) {
            return ipv4PacketInfo(ifindex, a);
        }
        if (source instanceof Inet6Address a) {
            return ipv6PacketInfo(ifindex, a);
        }
        throw new IllegalArgumentException("not an IP address: " + source);
    }

    /** One cmsghdr and its data, padded to CMSG_SPACE, for a platform whose size_t has {@code sizeT} bytes. */
    static byte[] cmsg(int level, int type, byte[] data, int sizeT) {
        int header = align(sizeT + 8, sizeT);
        ByteBuffer b = ByteBuffer.allocate(header + align(data.length, sizeT)).order(ByteOrder.nativeOrder());
        if (sizeT == 8) {
            b.putLong(header + data.length);
        } else {
            b.putInt(header + data.length);
        }
        b.putInt(level).putInt(type);
        b.position(header);
        b.put(data);
        return b.array();
    }

    private static int align(int n, int to) {
        return (n + to - 1) / to * to;
    }
}
