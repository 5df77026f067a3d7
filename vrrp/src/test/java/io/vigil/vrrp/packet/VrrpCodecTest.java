package io.vigil.vrrp.packet;

import static io.vigil.vrrp.packet.TestPackets.hex;
import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Round trips through encoder, template and decoder, and the decoder options. */
class VrrpCodecTest {

    private static final InetAddress SRC4 = ip("192.0.2.10");
    private static final InetAddress GROUP4 = ip("224.0.0.18");
    private static final InetAddress SRC6 = ip("fe80::a");
    private static final InetAddress GROUP6 = ip("ff02::12");

    private static List<InetAddress> ipv4s(int n) {
        List<InetAddress> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(ip("198.51.100." + i));
        }
        return l;
    }

    private static List<InetAddress> ipv6s(int n) {
        List<InetAddress> l = new ArrayList<>(List.of(ip("fe80::1")));
        for (int i = 1; i < n; i++) {
            l.add(ip("2001:db8::" + Integer.toHexString(i)));
        }
        return l;
    }

    private static DecodeResult.Accepted roundTrip(VrrpAdvertisement ad, ChecksumForm form, InetAddress src,
                                                   InetAddress dst) {
        byte[] message = VrrpEncoder.encode(ad, form, src, dst);
        assertThat(message).hasSize(ad.messageLength());
        DecodeResult r = VrrpDecoder.decode(TestPackets.ipPacket(src, dst, message), DecodeOptions.DEFAULT);
        assertThat(r).as("%s", r).isInstanceOf(DecodeResult.Accepted.class);
        DecodeResult.Accepted a = (DecodeResult.Accepted) r;
        assertThat(a.advertisement()).isEqualTo(ad);
        return a;
    }

    @Test
    void v2RoundTrips() {
        for (int n : new int[] {0, 1, 2, 17, 255}) {
            for (V2Auth auth : List.of(V2Auth.NONE, V2Auth.pass("p4ss"))) {
                VrrpAdvertisement ad = VrrpAdvertisement.v2(n % 255 + 1, n, 1 + n % 255, ipv4s(n), auth);
                DecodeResult.Accepted a = roundTrip(ad, ChecksumForm.PSEUDO_HEADER, SRC4, GROUP4);
                assertThat(a.checksumForm()).isEqualTo(ChecksumForm.V2);
                assertThat(a.multicast()).isTrue();
            }
        }
    }

    @Test
    void v3Ipv4RoundTripsInEveryForm() {
        InetAddress peer = ip("192.0.2.11");
        for (int n : new int[] {1, 2, 64, 255}) {
            VrrpAdvertisement ad = VrrpAdvertisement.v3(n, 255 - n, 4096 - n, ipv4s(n));
            assertThat(roundTrip(ad, ChecksumForm.PSEUDO_HEADER, SRC4, GROUP4).checksumForm())
                    .isEqualTo(ChecksumForm.PSEUDO_HEADER);
            assertThat(roundTrip(ad, ChecksumForm.MESSAGE_ONLY, SRC4, GROUP4).checksumForm())
                    .isEqualTo(ChecksumForm.MESSAGE_ONLY);
            DecodeResult.Accepted unicast = roundTrip(ad, ChecksumForm.PSEUDO_HEADER, SRC4, peer);
            assertThat(unicast.checksumForm()).isEqualTo(ChecksumForm.PSEUDO_HEADER);
            assertThat(unicast.multicast()).isFalse();
            assertThat(roundTrip(ad, ChecksumForm.OLD_UNICAST, SRC4, peer).checksumForm())
                    .isEqualTo(ChecksumForm.OLD_UNICAST);
        }
    }

    @Test
    void v3Ipv6RoundTrips() {
        for (int n : new int[] {1, 2, 100, 255}) {
            VrrpAdvertisement ad = VrrpAdvertisement.v3(n, n, n, ipv6s(n));
            DecodeResult.Accepted a = roundTrip(ad, ChecksumForm.MESSAGE_ONLY, SRC6, GROUP6);
            assertThat(a.checksumForm()).as("IPv6 always uses the pseudo-header").isEqualTo(ChecksumForm.PSEUDO_HEADER);
            assertThat(roundTrip(ad, ChecksumForm.PSEUDO_HEADER, SRC6, ip("fe80::b")).multicast()).isFalse();
        }
    }

    @Test
    void ipv4MappedAddressesStayIpv6() throws Exception {
        // the JDK parses ::ffff:192.0.2.1 into an Inet4Address; on the wire it is one of 16 bytes
        InetAddress mapped = java.net.Inet6Address.getByAddress(null, hex("00000000000000000000ffffc0000201"), -1);
        VrrpAdvertisement ad = VrrpAdvertisement.v3(1, 100, 100, List.of(ip("fe80::1"), mapped));
        DecodeResult.Accepted a = roundTrip(ad, ChecksumForm.PSEUDO_HEADER, SRC6, GROUP6);
        assertThat(a.advertisement().addresses().get(1)).isInstanceOf(java.net.Inet6Address.class);
    }

    @Test
    void fieldsReceiversIgnoreAreKeptAsReceived() {
        byte[] reserved = VrrpDecoderRejectTest.message("31336401 a0640000 c00002fe", SRC4, GROUP4);
        DecodeResult.Accepted a = (DecodeResult.Accepted) VrrpDecoder.decode(
                TestPackets.ipPacket(SRC4, GROUP4, reserved), DecodeOptions.DEFAULT);
        assertThat(a.advertisement().reserved()).isEqualTo(10);
        assertThat(a.advertisement().interval()).isEqualTo(100);
        assertThat(VrrpEncoder.encode(a.advertisement(), ChecksumForm.PSEUDO_HEADER, SRC4, GROUP4))
                .isEqualTo(reserved);

        byte[] v2data = VrrpDecoderRejectTest.message("21336401 00010000 c00002fe 0102030405060708", null, null);
        DecodeResult.Accepted b = (DecodeResult.Accepted) VrrpDecoder.decode(
                TestPackets.ipPacket(SRC4, GROUP4, v2data), DecodeOptions.DEFAULT);
        assertThat(b.advertisement().authData()).isEqualTo(hex("0102030405060708"));
    }

    @Test
    void ipv4HeaderOptionsAreSkipped() {
        byte[] message = VrrpEncoder.encode(VrrpAdvertisement.v3(51, 100, 100, List.of(ip("192.0.2.254"))),
                ChecksumForm.PSEUDO_HEADER, SRC4, GROUP4);
        byte[] plain = TestPackets.ipPacket(SRC4, GROUP4, message);
        // insert a 4-byte router alert option (IHL 6)
        byte[] withOption = TestPackets.concat(Arrays.copyOf(plain, 20), hex("94040000"),
                Arrays.copyOfRange(plain, 20, plain.length));
        withOption[0] = 0x46;
        withOption[3] = (byte) withOption.length;
        TestPackets.fixIpv4HeaderChecksum(withOption);
        assertThat(VrrpDecoder.decode(withOption, DecodeOptions.DEFAULT))
                .isEqualTo(VrrpDecoder.decode(plain, DecodeOptions.DEFAULT));
    }

    @Test
    void ttlCheckCanBeSkippedForKeepalivedStyleUnicast() {
        byte[] message = VrrpEncoder.encode(VrrpAdvertisement.v3(51, 100, 100, List.of(ip("192.0.2.254"))),
                ChecksumForm.PSEUDO_HEADER, SRC4, ip("192.0.2.11"));
        byte[] packet = TestPackets.ipv4(SRC4, ip("192.0.2.11"), 64, 112, message);
        DecodeResult.Rejected strict = (DecodeResult.Rejected) VrrpDecoder.decode(packet, DecodeOptions.DEFAULT);
        assertThat(strict.reason()).isEqualTo(RejectReason.TTL);
        assertThat(strict.vrid()).as("to find the instance and its options").isEqualTo(51);
        assertThat(((DecodeResult.Rejected) VrrpDecoder.decode(TestPackets.ipv6(ip("fe80::a"), ip("fe80::b"), 1,
                112, new byte[1]), DecodeOptions.DEFAULT)).vrid()).isEqualTo(-1);
        DecodeResult.Accepted a = (DecodeResult.Accepted) VrrpDecoder.decode(packet,
                DecodeOptions.DEFAULT.withRequireTtl255(false));
        assertThat(a.ttl()).isEqualTo(64);
    }

    /**
     * With source 31.113.0.0 and destination 224.0.0.18 the pseudo-header of a 12-byte message sums to 0xffff
     * (negative zero), so both IPv4 forms verify: the configured one is the one reported.
     */
    @Test
    void theConfiguredFormIsTriedFirst() {
        InetAddress src = ip("31.113.0.0");
        byte[] message = VrrpEncoder.encode(VrrpAdvertisement.v3(51, 100, 100, List.of(ip("192.0.2.254"))),
                ChecksumForm.MESSAGE_ONLY, src, GROUP4);
        byte[] packet = TestPackets.ipPacket(src, GROUP4, message);
        assertThat(((DecodeResult.Accepted) VrrpDecoder.decode(packet, DecodeOptions.DEFAULT)).checksumForm())
                .isEqualTo(ChecksumForm.PSEUDO_HEADER);
        assertThat(((DecodeResult.Accepted) VrrpDecoder.decode(packet,
                DecodeOptions.DEFAULT.withPreferredV3Ipv4Form(ChecksumForm.MESSAGE_ONLY))).checksumForm())
                .isEqualTo(ChecksumForm.MESSAGE_ONLY);
    }

    @Test
    void rejectionCarriesTheVridOnceKnown() {
        byte[] message = VrrpDecoderRejectTest.message("31336401 00640000 c00002fe", ip("192.0.2.99"), GROUP4);
        DecodeResult.Rejected r = (DecodeResult.Rejected) VrrpDecoder.decode(
                TestPackets.ipPacket(SRC4, GROUP4, message), DecodeOptions.DEFAULT);
        assertThat(r.reason()).isEqualTo(RejectReason.CHECKSUM);
        assertThat(r.vrid()).isEqualTo(0x33);
        assertThat(r.detail()).contains("pseudo_header").contains("message_only");
        assertThat(((DecodeResult.Rejected) VrrpDecoder.decode(new byte[3], DecodeOptions.DEFAULT)).vrid())
                .isEqualTo(-1);
    }

    @Test
    void encoderChecksItsAddresses() {
        VrrpAdvertisement v3 = VrrpAdvertisement.v3(1, 100, 100, List.of(ip("192.0.2.254")));
        assertThatThrownBy(() -> VrrpEncoder.encode(v3, ChecksumForm.PSEUDO_HEADER, null, GROUP4))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> VrrpEncoder.encode(v3, ChecksumForm.PSEUDO_HEADER, SRC4, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("destination");
        assertThatThrownBy(() -> VrrpEncoder.encode(v3, ChecksumForm.PSEUDO_HEADER, SRC6, GROUP4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VrrpEncoder.encode(v3, ChecksumForm.V2, SRC4, GROUP4))
                .isInstanceOf(IllegalArgumentException.class);
        // the message-only forms need no address
        assertThat(VrrpEncoder.encode(v3, ChecksumForm.MESSAGE_ONLY, null, null)).hasSize(12);
        assertThat(VrrpEncoder.encode(VrrpAdvertisement.v2(1, 100, 1, List.of(), V2Auth.NONE),
                ChecksumForm.PSEUDO_HEADER, null, null)).hasSize(16);
    }
}
