package io.vigil.vrrp.packet;

import io.vigil.core.net.AddressFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Protocol numbers and well-known addresses of VRRP, shared by the codec and the runtime. */
public final class VrrpProtocol {

    /** The IP protocol (IPv6 next header) number of VRRP. */
    public static final int IP_PROTOCOL = 112;
    /** TTL / hop limit of every advert, checked on receive (GTSM, RFC 5082). */
    public static final int TTL = 255;
    /** The only message type. */
    public static final int TYPE_ADVERTISEMENT = 1;
    /** The fixed part of every message: version/type to checksum. */
    public static final int FIXED_LENGTH = 8;
    /** The VRRPv2 authentication data trailer, present whatever the auth type. */
    public static final int V2_AUTH_DATA_LENGTH = 8;
    /** The most addresses one message can carry (the count is one byte). */
    public static final int MAX_ADDRESSES = 255;
    /** The IPv4 group of VRRP, 224.0.0.18. */
    public static final Inet4Address IPV4_GROUP = (Inet4Address) address(new byte[] {(byte) 224, 0, 0, 18});
    /** The IPv6 group of VRRP, ff02::12. */
    public static final Inet6Address IPV6_GROUP =
            (Inet6Address) address(new byte[] {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12});

    private VrrpProtocol() {
    }

    /** 224.0.0.18 or ff02::12. */
    public static InetAddress group(AddressFamily family) {
        return family == AddressFamily.INET ? IPV4_GROUP : IPV6_GROUP;
    }

    /** The length of a message of this version and family carrying {@code count} addresses. */
    public static int messageLength(int version, AddressFamily family, int count) {
        return FIXED_LENGTH + count * family.addressBytes() + (version == 2 ? V2_AUTH_DATA_LENGTH : 0);
    }

    /**
     * An address from its raw bytes, keeping the family the length says: a 16-byte IPv4-mapped address stays an
     * {@link Inet6Address} (the JDK's {@code InetAddress.getByAddress} would turn it into an IPv4 one).
     */
    static InetAddress address(byte[] raw) {
        try {
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + raw.length + " bytes", e);
        }
    }

    /** True for fe80::/10, read from raw bytes. */
    static boolean isLinkLocal(byte[] buf, int offset) {
        return (buf[offset] & 0xff) == 0xfe && (buf[offset + 1] & 0xc0) == 0x80;
    }
}
