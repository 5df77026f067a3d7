package io.vigil.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {

    /** RFC 1071 §3 example: words 0001 f203 f4f5 f6f7 sum (folded) to ddf2, checksum 220d. */
    @Test
    void rfc1071Example() {
        byte[] data = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertThat(InternetChecksum.fold(InternetChecksum.add(0, data))).isEqualTo(0xddf2);
        assertThat(InternetChecksum.compute(data, 0, data.length)).isEqualTo(0x220d);
    }

    /** A real IPv4 header (checksum b861) verifies, and computes to b861 with the field zeroed. */
    @Test
    void ipv4Header() {
        byte[] h = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        assertThat(InternetChecksum.compute(h, 0, h.length)).isEqualTo(0xb861);
        h[10] = (byte) 0xb8;
        h[11] = 0x61;
        assertThat(InternetChecksum.compute(h, 0, h.length)).isZero();
        assertThat(InternetChecksum.verifies(InternetChecksum.add(0, h))).isTrue();
    }

    @Test
    void oddLengthPadsWithZero() {
        byte[] odd = {0x12, 0x34, 0x56};
        byte[] even = {0x12, 0x34, 0x56, 0x00};
        assertThat(InternetChecksum.compute(odd, 0, 3)).isEqualTo(InternetChecksum.compute(even, 0, 4));
    }

    @Test
    void offsetsAndPartialSumsCompose() {
        Random r = new Random(7);
        for (int n = 0; n < 200; n++) {
            byte[] b = new byte[2 + r.nextInt(300) * 2];
            r.nextBytes(b);
            int cut = 2 * r.nextInt(b.length / 2);
            long split = InternetChecksum.add(InternetChecksum.add(0, b, 0, cut), b, cut, b.length - cut);
            assertThat(InternetChecksum.finish(split)).isEqualTo(InternetChecksum.compute(b, 0, b.length));
            byte[] shifted = new byte[b.length + 5];
            System.arraycopy(b, 0, shifted, 5, b.length);
            assertThat(InternetChecksum.compute(shifted, 5, b.length)).isEqualTo(InternetChecksum.compute(b, 0,
                    b.length));
        }
    }

    @Test
    void dataWithItsChecksumVerifies() {
        Random r = new Random(11);
        for (int n = 0; n < 500; n++) {
            byte[] b = new byte[4 + r.nextInt(100) * 2];
            r.nextBytes(b);
            b[0] = 0;
            b[1] = 0;
            int c = InternetChecksum.compute(b, 0, b.length);
            b[0] = (byte) (c >>> 8);
            b[1] = (byte) c;
            assertThat(InternetChecksum.verifies(InternetChecksum.add(0, b))).isTrue();
            b[2 + r.nextInt(b.length - 2)] ^= (byte) (1 << r.nextInt(8));
            assertThat(InternetChecksum.verifies(InternetChecksum.add(0, b))).isFalse();
        }
    }
}
