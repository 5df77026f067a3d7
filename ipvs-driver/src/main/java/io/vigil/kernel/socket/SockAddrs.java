package io.vigil.kernel.socket;

import io.vigil.core.net.MacAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Socket addresses in the kernel's layout: family in host order, port and protocol in network order, as
 * {@code <netinet/in.h>} and {@code <linux/if_packet.h>} define them.
 */
public final class SockAddrs {

    /** AF_PACKET, {@code <linux/socket.h>} (not in jnr-constants). */
    public static final int AF_PACKET = 17;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    /** sizeof(struct sockaddr_ll). */
    public static final int SOCKADDR_LL_SIZE = 20;

    private SockAddrs() {
    }

    /**
     * A sockaddr_in (16 bytes) or sockaddr_in6 (28 bytes) with port 0.
     *
     * @param scopeId the sin6_scope_id (an ifindex) for IPv6; ignored for IPv4
     */
    public static byte[] inet(InetAddress address, int scopeId) {
        if (address instanceof Inet4Address) {
            return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putShort((short) AF_INET)
                    .putShort((short) 0).put(address.getAddress()).array();
        }
        if (address instanceof Inet6Address) {
            ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
            b.putShort((short) AF_INET6).putShort((short) 0).putInt(0).put(address.getAddress()).putInt(scopeId);
            return b.array();
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }

    /**
     * The address of a received sockaddr_in / sockaddr_in6 (the scope id is dropped), or {@code null} when the
     * bytes are not one.
     */
    public static InetAddress parseInet(byte[] sockaddr) {
        if (sockaddr.length < 2) {
            return null;
        }
        int family = Short.toUnsignedInt(ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).getShort(0));
        try {
            if (family == AF_INET && sockaddr.length >= 8) {
                return InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 4, 8));
            }
            if (family == AF_INET6 && sockaddr.length >= 24) {
                return InetAddress.getByAddress(Arrays.copyOfRange(sockaddr, 8, 24));
            }
        } catch (java.net.UnknownHostException e) {
            return null;
        }
        return null;
    }

    /**
     * A sockaddr_ll: {@code u16 family, be16 protocol, s32 ifindex, u16 hatype, u8 pkttype, u8 halen, u8 addr[8]}.
     *
     * @param mac the link-layer destination (sending), or {@code null}
     */
    public static byte[] packet(int etherType, int ifindex, MacAddress mac) {
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_LL_SIZE).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) etherType).order(ByteOrder.nativeOrder());
        b.putInt(ifindex).putShort((short) 0).put((byte) 0);
        if (mac != null) {
            b.put((byte) 6);
            mac.copyTo(b.array(), 12);
        }
        return b.array();
    }

    /** What a packet socket reports about a received frame (struct sockaddr_ll). */
    public record LinkSource(int etherType, int ifindex, int packetType, MacAddress mac) {
    }

    /**
     * Reads a received sockaddr_ll.
     *
     * @return the fields; the MAC is {@link MacAddress#ZERO} unless the address is 6 bytes long
     * @throws IllegalArgumentException when it is too short to be one
     */
    public static LinkSource parsePacket(byte[] sockaddr) {
        if (sockaddr.length < 12) {
            throw new IllegalArgumentException("sockaddr_ll of " + sockaddr.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder());
        int etherType = Short.toUnsignedInt(b.order(ByteOrder.BIG_ENDIAN).getShort(2));
        b.order(ByteOrder.nativeOrder());
        int ifindex = b.getInt(4);
        int packetType = Byte.toUnsignedInt(b.get(10));
        int halen = Byte.toUnsignedInt(b.get(11));
        MacAddress mac = MacAddress.ZERO;
        if (halen == 6 && sockaddr.length >= 18) {
            byte[] m = new byte[6];
            System.arraycopy(sockaddr, 12, m, 0, 6);
            mac = MacAddress.of(m);
        }
        return new LinkSource(etherType, ifindex, packetType, mac);
    }
}
