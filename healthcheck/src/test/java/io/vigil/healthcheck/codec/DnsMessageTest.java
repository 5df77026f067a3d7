package io.vigil.healthcheck.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DnsMessageTest {

    @Test
    void queryBytesMatchRfc1035() {
        byte[] q = DnsMessage.query(0x1234, "example.org", 6);
        assertThat(HexFormat.of().formatHex(q)).isEqualTo("1234" + "0100" + "0001" + "0000" + "0000" + "0000"
                + "076578616d706c65" + "036f7267" + "00" + "0006" + "0001");
        assertThat(HexFormat.of().formatHex(DnsMessage.query(1, ".", 2))).endsWith("00" + "0002" + "0001");
    }

    @Test
    void decodesAResponseHeaderAndQuestion() throws Exception {
        byte[] m = DnsMessage.query(0xbeef, "a.example.", 1);
        m[2] = (byte) 0x81; // QR, RD
        m[3] = (byte) 0x83; // RA, NXDOMAIN
        DnsMessage.Response r = DnsMessage.decode(m, m.length);
        assertThat(r.id()).isEqualTo(0xbeef);
        assertThat(r.response()).isTrue();
        assertThat(r.rcode()).isEqualTo(3);
        assertThat(r.qname()).isEqualTo("a.example.");
        assertThat(r.qtype()).isEqualTo(1);
    }

    @Test
    void malformedMessagesAreTypedErrors() {
        assertThatThrownBy(() -> DnsMessage.decode(new byte[5], 5)).isInstanceOf(DnsMessage.DnsFormatException.class)
                .hasMessageContaining("shorter than a DNS header");
        byte[] loop = HexFormat.of().parseHex("000181800001000000000000c00c");
        assertThatThrownBy(() -> DnsMessage.decode(loop, loop.length))
                .isInstanceOf(DnsMessage.DnsFormatException.class).hasMessageContaining("loop");
        byte[] cut = HexFormat.of().parseHex("000181800001000000000000" + "05616263");
        assertThatThrownBy(() -> DnsMessage.decode(cut, cut.length))
                .isInstanceOf(DnsMessage.DnsFormatException.class).hasMessageContaining("past the end");
    }

    @Test
    void namesAreValidated() {
        assertThatThrownBy(() -> DnsMessage.encodeName("a..b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsMessage.encodeName("x".repeat(64) + ".org"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DnsMessage.encodeName("")).containsExactly(0);
    }
}
