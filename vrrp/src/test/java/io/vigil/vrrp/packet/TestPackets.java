package io.vigil.vrrp.packet;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HexFormat;

/**
 * Builds the IP and Ethernet wrappers around VRRP messages in tests, the way the kernel would, with an
 * independent (naive) checksum implementation so that the tests do not check vigil's checksum code against
 * itself.
 */
public final class TestPackets {

    public static final int VRRP = 112;

    private TestPackets() {
    }

    /** Hex with optional spaces. */
    public static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static InetAddress ip(String literal) {
        return InetAddresses.parse(literal);
    }

    /** A whole IP packet of the address's family, TTL / hop limit 255, protocol 112. */
    public static byte[] ipPacket(InetAddress src, InetAddress dst, byte[] payload) {
        return src instanceof Inet4Address ? ipv4(src, dst, 255, VRRP, payload) : ipv6(src, dst, 255, VRRP, payload);
    }

    /** An IPv4 packet as Linux sends VRRP: IHL 5, TOS 0xc0, DF clear, header checksum set. */
    public static byte[] ipv4(InetAddress src, InetAddress dst, int ttl, int protocol, byte[] payload) {
        byte[] p = new byte[20 + payload.length];
        p[0] = 0x45;
        p[1] = (byte) 0xc0;
        p[2] = (byte) (p.length >>> 8);
        p[3] = (byte) p.length;
        p[4] = 0x12;
        p[5] = 0x34;
        p[8] = (byte) ttl;
        p[9] = (byte) protocol;
        System.arraycopy(src.getAddress(), 0, p, 12, 4);
        System.arraycopy(dst.getAddress(), 0, p, 16, 4);
        System.arraycopy(payload, 0, p, 20, payload.length);
        fixIpv4HeaderChecksum(p);
        return p;
    }

    /** Recomputes the IPv4 header checksum after a test changed a header field. */
    public static void fixIpv4HeaderChecksum(byte[] p) {
        int ihl = (p[0] & 0x0f) * 4;
        p[10] = 0;
        p[11] = 0;
        int c = naiveChecksum(java.util.Arrays.copyOf(p, ihl));
        p[10] = (byte) (c >>> 8);
        p[11] = (byte) c;
    }

    public static byte[] ipv6(InetAddress src, InetAddress dst, int hopLimit, int nextHeader, byte[] payload) {
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x60;
        p[4] = (byte) (payload.length >>> 8);
        p[5] = (byte) payload.length;
        p[6] = (byte) nextHeader;
        p[7] = (byte) hopLimit;
        System.arraycopy(src.getAddress(), 0, p, 8, 16);
        System.arraycopy(dst.getAddress(), 0, p, 24, 16);
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    public static byte[] ethernet(MacAddress dst, MacAddress src, int etherType, byte[] payload) {
        byte[] f = new byte[14 + payload.length];
        dst.copyTo(f, 0);
        src.copyTo(f, 6);
        f[12] = (byte) (etherType >>> 8);
        f[13] = (byte) etherType;
        System.arraycopy(payload, 0, f, 14, payload.length);
        return f;
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    /** RFC 1071 the slow way: 32-bit accumulation of 16-bit words, end-around carries, complement. */
    public static int naiveChecksum(byte[] data) {
        int sum = 0;
        for (int i = 0; i < data.length; i += 2) {
            int hi = data[i] & 0xff;
            int lo = i + 1 < data.length ? data[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return ~sum & 0xffff;
    }

    /** The VRRP checksum computed independently: over a pseudo-header (if given) and the message (field zeroed). */
    public static int referenceVrrpChecksum(InetAddress pseudoSrc, InetAddress pseudoDst, byte[] message) {
        byte[] m = message.clone();
        m[6] = 0;
        m[7] = 0;
        if (pseudoSrc == null) {
            return naiveChecksum(m);
        }
        byte[] pseudo;
        if (pseudoSrc instanceof Inet4Address) {
            pseudo = concat(pseudoSrc.getAddress(), pseudoDst.getAddress(),
                    new byte[] {0, VRRP, (byte) (m.length >>> 8), (byte) m.length});
        } else {
            pseudo = concat(pseudoSrc.getAddress(), pseudoDst.getAddress(),
                    new byte[] {0, 0, (byte) (m.length >>> 8), (byte) m.length, 0, 0, 0, VRRP});
        }
        return naiveChecksum(concat(pseudo, m));
    }

    public static int checksumField(byte[] message) {
        return ((message[6] & 0xff) << 8) | (message[7] & 0xff);
    }
}
