package io.vigil.vrrp.packet;

import static io.vigil.vrrp.packet.TestPackets.hex;
import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One or more hand-made packets per packet-level {@link RejectReason}: each must be rejected with exactly that
 * reason (and a detail a log line can use), proving the check exists and comes in the documented order.
 */
class VrrpDecoderRejectTest {

    /** A packet, the options to decode it with, the reason expected. */
    record Case(String name, byte[] packet, DecodeOptions options, RejectReason reason) {
        Case(String name, byte[] packet, RejectReason reason) {
            this(name, packet, DecodeOptions.DEFAULT, reason);
        }

        @Override
        public String toString() {
            return reason.label() + ": " + name;
        }
    }

    static final InetAddress SRC4 = ip("192.0.2.10");
    static final InetAddress GROUP4 = ip("224.0.0.18");
    static final InetAddress SRC6 = ip("fe80::a");
    static final InetAddress GROUP6 = ip("ff02::12");

    /** v3 IPv4, VRID 51, prio 100, 100 cs, VIP 192.0.2.254 (checksum filled in). */
    static final String V3 = "31336401 00640000 c00002fe";
    /** v2, VRID 51, prio 100, 1 s, VIP 192.0.2.254, auth 0. */
    static final String V2 = "21336401 00010000 c00002fe 0000000000000000";

    /** A VRRP message from hex, with a correct checksum for this pseudo-header (null src: message only). */
    static byte[] message(String hexWithoutChecksum, InetAddress pseudoSrc, InetAddress pseudoDst) {
        byte[] m = hex(hexWithoutChecksum);
        int c = TestPackets.referenceVrrpChecksum(pseudoSrc, pseudoDst, m);
        m[6] = (byte) (c >>> 8);
        m[7] = (byte) c;
        return m;
    }

    static byte[] v3ipv4(String hexMessage) {
        return TestPackets.ipPacket(SRC4, GROUP4, message(hexMessage, SRC4, GROUP4));
    }

    static byte[] v2ipv4(String hexMessage) {
        return TestPackets.ipPacket(SRC4, GROUP4, message(hexMessage, null, null));
    }

    static byte[] v3ipv6(String hexMessage) {
        return TestPackets.ipPacket(SRC6, GROUP6, message(hexMessage, SRC6, GROUP6));
    }

    static byte[] edit(byte[] packet, int index, int value, boolean fixIpv4Checksum) {
        byte[] p = packet.clone();
        p[index] = (byte) value;
        if (fixIpv4Checksum) {
            TestPackets.fixIpv4HeaderChecksum(p);
        }
        return p;
    }

    static Stream<Case> cases() {
        byte[] good4 = v3ipv4(V3);
        byte[] good6 = v3ipv6("31336402 00640000 fe800000000000000000000000000001 20010db8000000000000000000000001");
        return Stream.of(
                new Case("empty", new byte[0], RejectReason.TRUNCATED),
                new Case("10 bytes of IPv4", Arrays.copyOf(good4, 10), RejectReason.TRUNCATED),
                new Case("IPv4 total length beyond the data", Arrays.copyOf(good4, good4.length - 1),
                        RejectReason.TRUNCATED),
                new Case("IPv4 IHL 15 beyond the data", edit(good4, 0, 0x4f, false), RejectReason.TRUNCATED),
                new Case("39 bytes of IPv6", Arrays.copyOf(good6, 39), RejectReason.TRUNCATED),
                new Case("IPv6 payload length beyond the data", Arrays.copyOf(good6, good6.length - 2),
                        RejectReason.TRUNCATED),
                new Case("IPv4 IHL 4", edit(good4, 0, 0x44, true), RejectReason.IP_HEADER),
                new Case("IPv4 total length below the header", edit(edit(good4, 2, 0, false), 3, 19, true),
                        RejectReason.IP_HEADER),
                new Case("IPv4 first fragment (MF)", edit(good4, 6, 0x20, true), RejectReason.IP_HEADER),
                new Case("IPv4 later fragment (offset 8)", edit(good4, 7, 1, true), RejectReason.IP_HEADER),
                new Case("IPv4 header checksum", edit(good4, 1, 0, false), RejectReason.IP_HEADER_CHECKSUM),
                new Case("IP version 5", edit(good4, 0, 0x55, false), RejectReason.IP_VERSION),
                new Case("IP version 0", new byte[60], RejectReason.IP_VERSION),
                new Case("IPv4 protocol 17", edit(good4, 9, 17, true), RejectReason.PROTOCOL),
                new Case("IPv4 protocol 51 (AH)", edit(good4, 9, 51, true), RejectReason.PROTOCOL),
                new Case("IPv6 hop-by-hop extension header", edit(good6, 6, 0, false), RejectReason.PROTOCOL),
                new Case("IPv4 TTL 254", edit(good4, 8, 254, true), RejectReason.TTL),
                new Case("IPv6 hop limit 1", edit(good6, 7, 1, false), RejectReason.TTL),
                new Case("7-byte VRRP message", TestPackets.ipPacket(SRC4, GROUP4, hex("31336401006400")),
                        RejectReason.PACKET_LENGTH),
                new Case("v3 count 2 with one address", v3ipv4("31336402 00640000 c00002fe"),
                        RejectReason.PACKET_LENGTH),
                new Case("v2 without its auth trailer", v2ipv4("21336401 00010000 c00002fe"),
                        RejectReason.PACKET_LENGTH),
                new Case("v3 with 4 trailing bytes", v3ipv4(V3 + "00000000"), RejectReason.PACKET_LENGTH),
                new Case("VRRP version 4", v3ipv4("41336401 00640000 c00002fe"), RejectReason.VERSION),
                new Case("VRRP version 1", v3ipv4("11336401 00640000 c00002fe"), RejectReason.VERSION),
                new Case("VRRPv2 over IPv6", TestPackets.ipPacket(SRC6, GROUP6,
                        message("21336401 00010000 20010db8000000000000000000000001 0000000000000000", null, null)),
                        RejectReason.VERSION),
                new Case("type 2", v3ipv4("32336401 00640000 c00002fe"), RejectReason.TYPE),
                new Case("type 0 in v2", v2ipv4("20336401 00010000 c00002fe 0000000000000000"), RejectReason.TYPE),
                new Case("IPv6 addresses in an IPv4 packet",
                        v3ipv4("31336401 00640000 fe800000000000000000000000000001"), RejectReason.ADDRESS_FAMILY),
                new Case("IPv4 addresses in an IPv6 packet", v3ipv6("31336401 00640000 c00002fe"),
                        RejectReason.ADDRESS_FAMILY),
                new Case("v3 IPv4 checksum wrong", edit(good4, 27, good4[27] ^ 1, false), RejectReason.CHECKSUM),
                new Case("v3 IPv4 checksum of another source",
                        TestPackets.ipPacket(SRC4, GROUP4, message(V3, ip("192.0.2.11"), GROUP4)),
                        RejectReason.CHECKSUM),
                new Case("v3 IPv4 old unicast form refused by option",
                        TestPackets.ipPacket(SRC4, ip("192.0.2.1"), message(V3, SRC4, GROUP4)),
                        DecodeOptions.DEFAULT.withAcceptOldUnicastChecksum(false), RejectReason.CHECKSUM),
                new Case("v2 checksum computed with a pseudo-header",
                        TestPackets.ipPacket(SRC4, GROUP4, message(V2, SRC4, GROUP4)), RejectReason.CHECKSUM),
                new Case("v3 IPv6 checksum without the pseudo-header", TestPackets.ipPacket(SRC6, GROUP6,
                        message("31336401 00640000 fe800000000000000000000000000001", null, null)),
                        RejectReason.CHECKSUM),
                new Case("VRID 0", v3ipv4("31006401 00640000 c00002fe"), RejectReason.UNKNOWN_VRID),
                new Case("v3 count 0", v3ipv4("31336400 00640000"), RejectReason.ADDRESS_COUNT_ZERO),
                new Case("v3 IPv6 count 0", v3ipv6("31336400 00640000"), RejectReason.ADDRESS_COUNT_ZERO),
                new Case("v3 interval 0", v3ipv4("31336401 00000000 c00002fe"), RejectReason.INTERVAL_ZERO),
                new Case("v3 interval 0 with Reserve set", v3ipv4("31336401 f0000000 c00002fe"),
                        RejectReason.INTERVAL_ZERO),
                new Case("v2 interval 0", v2ipv4("21336401 00000000 c00002fe 0000000000000000"),
                        RejectReason.INTERVAL_ZERO),
                new Case("v3 IPv6 first address global",
                        v3ipv6("31336401 00640000 20010db8000000000000000000000001"),
                        RejectReason.FIRST_ADDRESS_NOT_LINK_LOCAL),
                new Case("v2 auth type 3", v2ipv4("21336401 03010000 c00002fe 0000000000000000"),
                        RejectReason.AUTH_TYPE_INVALID),
                new Case("v2 auth type 255", v2ipv4("21336401 ff010000 c00002fe 0000000000000000"),
                        RejectReason.AUTH_TYPE_INVALID));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejectedWithTheReason(Case c) {
        DecodeResult r = VrrpDecoder.decode(c.packet(), c.options());
        assertThat(r).isInstanceOf(DecodeResult.Rejected.class);
        DecodeResult.Rejected rejected = (DecodeResult.Rejected) r;
        assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(c.reason());
        assertThat(rejected.detail()).isNotBlank();
    }

    @org.junit.jupiter.api.Test
    void keepalivedsGlobalFirstAddressIsAcceptedWhenLinkLocalIsNotRequired() {
        // keepalived 2.2.7 sends "2001:db8::100" alone for virtual_ipaddress { 2001:db8::100/64 } (seen on the wire)
        byte[] packet = v3ipv6("31336401 00640000 20010db8000000000000000000000001");
        DecodeResult r = VrrpDecoder.decode(packet, DecodeOptions.DEFAULT.withRequireLinkLocalFirst(false));
        assertThat(r).isInstanceOf(DecodeResult.Accepted.class);
        assertThat(((DecodeResult.Accepted) r).advertisement().addresses())
                .containsExactly(io.vigil.core.net.InetAddresses.parse("2001:db8::1"));
    }
}
