package io.vigil.vrrp.packet;

import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: the decoder must answer every byte string with a verdict, never an exception; every truncation
 * and every single-bit change that a checksum covers must be rejected; and whatever it accepts must be exactly
 * what the encoder would have produced (so "accepted" never means "half-parsed"). Seeded, hence reproducible.
 */
class VrrpDecoderFuzzTest {

    private static final long SEED = 0x5eed_f00dL;
    private static final int MUTATED_PACKETS = 100_000;

    /** Valid packets of every kind, with the options that accept them. */
    private static List<byte[]> corpus() {
        InetAddress src4 = ip("192.0.2.10");
        InetAddress group4 = ip("224.0.0.18");
        InetAddress src6 = ip("fe80::a");
        InetAddress group6 = ip("ff02::12");
        List<InetAddress> many4 = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            many4.add(ip("198.51.100." + i));
        }
        List<InetAddress> many6 = new ArrayList<>(List.of(ip("fe80::1")));
        for (int i = 1; i <= 9; i++) {
            many6.add(ip("2001:db8::" + i));
        }
        List<byte[]> c = new ArrayList<>();
        c.add(ipv4(VrrpAdvertisement.v2(51, 100, 1, List.of(ip("192.0.2.254")), V2Auth.NONE), src4, group4,
                ChecksumForm.PSEUDO_HEADER));
        c.add(ipv4(VrrpAdvertisement.v2(7, 200, 3, many4, V2Auth.pass("secret")), src4, group4,
                ChecksumForm.PSEUDO_HEADER));
        c.add(ipv4(VrrpAdvertisement.v2(9, 0, 255, List.of(), V2Auth.NONE), src4, group4,
                ChecksumForm.PSEUDO_HEADER));
        c.add(ipv4(VrrpAdvertisement.v3(51, 100, 100, List.of(ip("192.0.2.254"))), src4, group4,
                ChecksumForm.PSEUDO_HEADER));
        c.add(ipv4(VrrpAdvertisement.v3(51, 100, 100, many4), src4, group4, ChecksumForm.MESSAGE_ONLY));
        c.add(ipv4(VrrpAdvertisement.v3(88, 198, 4095, List.of(ip("203.0.113.7"))), src4, ip("192.0.2.11"),
                ChecksumForm.PSEUDO_HEADER));
        c.add(ipv4(VrrpAdvertisement.v3(88, 198, 1, List.of(ip("203.0.113.7"))), src4, ip("192.0.2.11"),
                ChecksumForm.OLD_UNICAST));
        c.add(TestPackets.ipPacket(src6, group6, VrrpEncoder.encode(VrrpAdvertisement.v3(51, 100, 100, many6),
                ChecksumForm.PSEUDO_HEADER, src6, group6)));
        c.add(TestPackets.ipPacket(src6, ip("fe80::b"), VrrpEncoder.encode(VrrpAdvertisement.v3(1, 255, 10,
                List.of(ip("fe80::1"))), ChecksumForm.PSEUDO_HEADER, src6, ip("fe80::b"))));
        return c;
    }

    private static byte[] ipv4(VrrpAdvertisement ad, InetAddress src, InetAddress dst, ChecksumForm form) {
        return TestPackets.ipPacket(src, dst, VrrpEncoder.encode(ad, form, src, dst));
    }

    /** Decodes, failing with the input in hex if anything is thrown. */
    private static DecodeResult decode(byte[] packet) {
        try {
            DecodeResult r = VrrpDecoder.decode(packet, DecodeOptions.DEFAULT);
            assertThat(r).isNotNull();
            if (r instanceof DecodeResult.Rejected rejected) {
                assertThat(rejected.detail()).isNotBlank();
            } else {
                assertReencodesToItself(packet, (DecodeResult.Accepted) r);
            }
            return r;
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("input " + HexFormat.of().formatHex(packet), e);
        }
    }

    /** An accepted packet's advert, encoded again with the form that matched, gives back the same message. */
    private static void assertReencodesToItself(byte[] packet, DecodeResult.Accepted a) {
        int payloadOffset = (packet[0] & 0xf0) == 0x40 ? (packet[0] & 0x0f) * 4 : 40;
        ChecksumForm form = a.checksumForm() == ChecksumForm.V2 ? ChecksumForm.PSEUDO_HEADER : a.checksumForm();
        byte[] again = VrrpEncoder.encode(a.advertisement(), form, a.source(), a.destination());
        byte[] received = Arrays.copyOfRange(packet, payloadOffset, payloadOffset + again.length);
        int c1 = TestPackets.checksumField(again);
        int c2 = TestPackets.checksumField(received);
        // 0x0000 and 0xffff are the same one's complement value
        assertThat(c1 == c2 || (c1 | c2) == 0xffff && (c1 & c2) == 0).as("checksums %04x %04x", c1, c2).isTrue();
        again[6] = received[6];
        again[7] = received[7];
        assertThat(again).isEqualTo(received);
    }

    @Test
    void corpusIsAccepted() {
        for (byte[] p : corpus()) {
            assertThat(decode(p)).isInstanceOf(DecodeResult.Accepted.class);
        }
    }

    @Test
    void everyTruncationIsRejected() {
        for (byte[] p : corpus()) {
            for (int len = 0; len < p.length; len++) {
                assertThat(decode(Arrays.copyOf(p, len))).as("length %d of %d", len, p.length)
                        .isInstanceOf(DecodeResult.Rejected.class);
            }
        }
    }

    @Test
    void ethernetPaddingIsIgnored() {
        Random r = new Random(SEED);
        for (byte[] p : corpus()) {
            for (int pad = 1; pad <= 40; pad++) {
                byte[] padded = Arrays.copyOf(p, p.length + pad);
                for (int i = p.length; i < padded.length; i++) {
                    padded[i] = (byte) r.nextInt();
                }
                assertThat(decode(padded)).isInstanceOf(DecodeResult.Accepted.class);
                assertThat(decode(padded)).isEqualTo(decode(p));
            }
        }
    }

    /**
     * Every single-bit flip is rejected, except in the IPv6 traffic class and flow label (no checksum covers
     * them), with a reason; and each flip's reason is a plausible one for the field it hit.
     */
    @Test
    void everyBitFlipCoveredByAChecksumIsRejected() {
        for (byte[] p : corpus()) {
            boolean v6 = (p[0] & 0xf0) == 0x60;
            for (int i = 0; i < p.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] m = p.clone();
                    m[i] ^= (byte) (1 << bit);
                    DecodeResult r = decode(m);
                    boolean uncovered = v6 && (i == 1 || i == 2 || i == 3 || (i == 0 && bit < 4));
                    if (uncovered) {
                        assertThat(r).isInstanceOf(DecodeResult.Accepted.class);
                    } else if (!(r instanceof DecodeResult.Rejected)) {
                        fail("flip of bit %d of byte %d accepted: %s", bit, i, HexFormat.of().formatHex(m));
                    }
                }
            }
        }
    }

    @Test
    void mutatedPacketsNeverThrow() {
        Random r = new Random(SEED);
        List<byte[]> corpus = corpus();
        int accepted = 0;
        for (int n = 0; n < MUTATED_PACKETS; n++) {
            byte[] p = mutate(corpus.get(r.nextInt(corpus.size())), r);
            if (decode(p) instanceof DecodeResult.Accepted) {
                accepted++;
            }
        }
        // mutations that only touch uncovered bits or padding survive; most do not
        assertThat(accepted).isLessThan(MUTATED_PACKETS / 2).isGreaterThan(0);
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(SEED + 1);
        for (int n = 0; n < 20_000; n++) {
            byte[] p = new byte[r.nextInt(120)];
            r.nextBytes(p);
            if (p.length > 0 && r.nextBoolean()) {
                // steer half of them past the version check
                p[0] = (byte) ((r.nextBoolean() ? 0x40 : 0x60) | (p[0] & 0x0f));
            }
            decode(p);
        }
    }

    @Test
    void decodingAtAnOffsetSeesOnlyTheRange() {
        for (byte[] p : corpus()) {
            byte[] framed = TestPackets.concat(new byte[] {1, 2, 3}, p, new byte[] {(byte) 0xff, 0x77});
            assertThat(VrrpDecoder.decode(framed, 3, p.length, DecodeOptions.DEFAULT)).isEqualTo(decode(p));
        }
    }

    private static byte[] mutate(byte[] original, Random r) {
        byte[] p = original.clone();
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops; k++) {
            switch (r.nextInt(6)) {
                case 0 -> p[r.nextInt(p.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> p[r.nextInt(p.length)] = (byte) r.nextInt();
                case 2 -> p = Arrays.copyOf(p, r.nextInt(p.length + 1));
                case 3 -> {
                    byte[] longer = Arrays.copyOf(p, p.length + 1 + r.nextInt(32));
                    for (int i = p.length; i < longer.length; i++) {
                        longer[i] = (byte) r.nextInt();
                    }
                    p = longer;
                }
                case 4 -> {
                    // a field-sized change at a header offset: lengths, counts, versions
                    int i = r.nextInt(Math.min(p.length, 48));
                    p[i] = (byte) new int[] {0, 1, 2, 3, 0x0f, 0x10, 0x45, 0x60, 0x7f, 0x80, 0xff}[r.nextInt(11)];
                }
                default -> {
                    if (p.length > 1) {
                        int i = r.nextInt(p.length - 1);
                        byte t = p[i];
                        p[i] = p[i + 1];
                        p[i + 1] = t;
                    }
                }
            }
            if (p.length == 0) {
                break;
            }
        }
        return p;
    }
}
