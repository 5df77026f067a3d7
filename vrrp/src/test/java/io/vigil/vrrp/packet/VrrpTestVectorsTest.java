package io.vigil.vrrp.packet;

import static io.vigil.vrrp.packet.TestPackets.hex;
import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden vectors TV1-TV12 of vrrp-standards.md §1.6 (computed by the research script, confirmed with scapy,
 * TV8 and the #1490 capture matched against real keepalived): each must encode to exactly its bytes, through both
 * the plain encoder and the template, and decode back from an IP packet with the stated addresses and TTL 255.
 * The addresses are the vectors' own (they are bytes on paper, never sent).
 */
class VrrpTestVectorsTest {

    record Vector(String name, VrrpAdvertisement advert, ChecksumForm v3Ipv4Form, InetAddress src, InetAddress dst,
                  String bytes, ChecksumForm decodedForm) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final InetAddress SRC = ip("192.168.1.10");
    private static final InetAddress GROUP = ip("224.0.0.18");
    private static final List<InetAddress> VIP = List.of(ip("192.168.1.254"));
    private static final ChecksumForm PSEUDO = ChecksumForm.PSEUDO_HEADER;
    private static final String ZERO8 = "0000000000000000";

    static Stream<Vector> vectors() {
        VrrpAdvertisement tv1 = VrrpAdvertisement.v2(51, 100, 1, VIP, V2Auth.NONE);
        VrrpAdvertisement tv5 = VrrpAdvertisement.v3(51, 100, 100, VIP);
        VrrpAdvertisement tv8 = VrrpAdvertisement.v3(88, 198, 100, List.of(ip("10.195.76.227")));
        return Stream.of(
                new Vector("TV1 v2", tv1, PSEUDO, SRC, GROUP, "21336401 0001b823 c0a801fe" + ZERO8, ChecksumForm.V2),
                new Vector("TV2 v2 priority 0", tv1.withPriority(0), PSEUDO, SRC, GROUP,
                        "21330001 00011c24 c0a801fe" + ZERO8, ChecksumForm.V2),
                new Vector("TV3 v2 PASS", VrrpAdvertisement.v2(51, 100, 1, VIP, V2Auth.pass("secret")), PSEUDO, SRC,
                        GROUP, "21336401 01017ad7 c0a801fe 73656372 65740000", ChecksumForm.V2),
                new Vector("TV4 v2 owner", VrrpAdvertisement.v2(51, 255, 3,
                        List.of(ip("192.168.1.254"), ip("192.168.1.253")), V2Auth.NONE), PSEUDO, SRC, GROUP,
                        "2133ff02 00035a7a c0a801fe c0a801fd" + ZERO8, ChecksumForm.V2),
                new Vector("TV5 v3 pseudo-header", tv5, PSEUDO, SRC, GROUP, "31336401 0064057f c0a801fe", PSEUDO),
                new Vector("TV6 v3 message only", tv5, ChecksumForm.MESSAGE_ONLY, SRC, GROUP,
                        "31336401 0064a7c0 c0a801fe", ChecksumForm.MESSAGE_ONLY),
                new Vector("TV7 v3 other source", tv5, PSEUDO, ip("192.168.1.11"), GROUP,
                        "31336401 0064057e c0a801fe", PSEUDO),
                new Vector("TV8 v3 unicast", tv8, PSEUDO, ip("10.1.0.3"), ip("10.1.0.1"),
                        "3158c601 00649c19 0ac34ce3", PSEUDO),
                new Vector("TV9 v3 old unicast", tv8, ChecksumForm.OLD_UNICAST, ip("10.1.0.3"), ip("10.1.0.1"),
                        "3158c601 0064c608 0ac34ce3", ChecksumForm.OLD_UNICAST),
                new Vector("TV10 v3 IPv6", VrrpAdvertisement.v3(51, 100, 100, List.of(ip("fe80::1"),
                        ip("2001:db8::1"))), PSEUDO, ip("fe80::a"), ip("ff02::12"),
                        "31336402 00643ff2 fe800000000000000000000000000001 20010db8000000000000000000000001",
                        PSEUDO),
                new Vector("TV11 v3 interval 4095", VrrpAdvertisement.v3(51, 100, 4095, VIP), PSEUDO, SRC, GROUP,
                        "31336401 0ffff5e3 c0a801fe", PSEUDO),
                new Vector("TV12 v3 priority 0", tv5.withPriority(0), PSEUDO, SRC, GROUP,
                        "31330001 0064697f c0a801fe", PSEUDO));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encoderProducesTheVector(Vector v) {
        assertThat(hex(VrrpEncoder.encode(v.advert(), v.v3Ipv4Form(), v.src(), v.dst())))
                .isEqualTo(hex(hex(v.bytes())));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void templateProducesTheVector(Vector v) {
        AdvertTemplate t = AdvertTemplate.of(v.advert().withPriority(42), v.v3Ipv4Form(), v.src());
        assertThat(hex(t.message(v.advert().priority(), v.dst()))).isEqualTo(hex(hex(v.bytes())));
        byte[] out = new byte[t.length() + 3];
        assertThat(t.writeTo(v.advert().priority(), v.dst(), out, 3)).isEqualTo(t.length());
        assertThat(hex(java.util.Arrays.copyOfRange(out, 3, out.length))).isEqualTo(hex(hex(v.bytes())));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void vectorDecodesBack(Vector v) {
        byte[] packet = TestPackets.ipPacket(v.src(), v.dst(), hex(v.bytes()));
        DecodeResult r = VrrpDecoder.decode(packet, DecodeOptions.DEFAULT);
        assertThat(r).isInstanceOf(DecodeResult.Accepted.class);
        DecodeResult.Accepted a = (DecodeResult.Accepted) r;
        assertThat(a.advertisement()).isEqualTo(v.advert());
        assertThat(a.checksumForm()).isEqualTo(v.decodedForm());
        assertThat(a.source()).isEqualTo(v.src());
        assertThat(a.destination()).isEqualTo(v.dst());
        assertThat(a.ttl()).isEqualTo(255);
        assertThat(a.family()).isEqualTo(v.advert().family());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void vectorChecksumAgreesWithTheNaiveReference(Vector v) {
        byte[] m = hex(v.bytes());
        int expected = switch (v.decodedForm()) {
            case V2, MESSAGE_ONLY -> TestPackets.referenceVrrpChecksum(null, null, m);
            case PSEUDO_HEADER -> TestPackets.referenceVrrpChecksum(v.src(), v.dst(), m);
            case OLD_UNICAST -> TestPackets.referenceVrrpChecksum(v.src(), GROUP, m);
        };
        assertThat(TestPackets.checksumField(m)).isEqualTo(expected);
    }
}
