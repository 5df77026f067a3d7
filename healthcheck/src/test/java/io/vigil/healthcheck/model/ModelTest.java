package io.vigil.healthcheck.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void statusCodesParseKeepalivedSyntax() {
        StatusCodes c = StatusCodes.parse("200-299 400-499 503 505");
        assertThat(c.matches(204)).isTrue();
        assertThat(c.matches(503)).isTrue();
        assertThat(c.matches(504)).isFalse();
        assertThat(c.toString()).isEqualTo("200-299 400-499 503 505");
        assertThat(StatusCodes.DEFAULT.matches(299)).isTrue();
        assertThat(StatusCodes.DEFAULT.matches(301)).isFalse();
        assertThatThrownBy(() -> StatusCodes.parse("2xx")).hasMessageContaining("'2xx'");
        assertThatThrownBy(() -> StatusCodes.parse("300-200")).hasMessageContaining("300-200");
    }

    @Test
    void hexStringsFollowKeepalivedsFreeFormat() {
        HexPattern p = HexPattern.parse("Ab12f 3 456 546443123", false);
        assertThat(p.bytes()).containsExactly(0xAB, 0x12, 0x0F, 0x03, 0x45, 0x06, 0x54, 0x64, 0x43, 0x12, 0x03);
        HexPattern w = HexPattern.parse("ABxX1x", true);
        assertThat(w.matches(new byte[] {(byte) 0xAB, 0x77, 0x1F}, 3)).isTrue();
        assertThat(w.matches(new byte[] {(byte) 0xAC, 0x77, 0x1F}, 3)).isFalse();
        assertThat(w.matches(new byte[] {(byte) 0xAB}, 1)).isTrue(); // compares min(lengths)
        assertThatThrownBy(() -> HexPattern.parse("x1", false)).hasMessageContaining("'x'");
    }

    @Test
    void scriptLinesSplitLikeKeepalived() {
        assertThat(ScriptCommandLine.split("/bin/check \"a b\" 'c d' e\\ f")).containsExactly("/bin/check", "a b",
                "c d", "e f");
        assertThatThrownBy(() -> ScriptCommandLine.split("/bin/x \"open")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> ScriptCommandLine.split("   ")).hasMessageContaining("empty");
    }

    @Test
    void recordsRejectBadInputWithTheKeywordName() {
        assertThatThrownBy(() -> UrlCheck.of("health")).hasMessageContaining("url path");
        assertThatThrownBy(() -> UrlCheck.of("/").withDigest("abc")).hasMessageContaining("digest");
        assertThatThrownBy(() -> UrlCheck.of("/").withRegex("(", false, Set.of()))
                .isInstanceOf(java.util.regex.PatternSyntaxException.class);
        assertThatThrownBy(() -> UrlCheck.of("/").withRegex("a", false, Set.of("bogus")))
                .hasMessageContaining("regex_options");
        assertThatThrownBy(() -> HttpGet.of(false).withHttpProtocol("2")).hasMessageContaining("url");
        assertThatThrownBy(() -> HttpGet.of(false, UrlCheck.of("/")).withHttpProtocol("2"))
                .hasMessageContaining("http_protocol");
        assertThatThrownBy(() -> DnsCheck.Type.parse("PTR")).hasMessageContaining("PTR");
        assertThatThrownBy(() -> new VrrpScript("s", List.of("/x"), java.time.Duration.ofSeconds(1), null, 300,
                false, 1, 1, null, false)).hasMessageContaining("-253..253");
        assertThatThrownBy(() -> new ConnectOptions(null, 70000, null, null, null, null))
                .hasMessageContaining("connect_port");
        assertThatThrownBy(() -> CheckTiming.defaults(CheckerKind.TCP_CHECK).withRetry(-1))
                .hasMessageContaining("retry");
        assertThatThrownBy(() -> new UdpCheck(ConnectOptions.DEFAULT, CheckTiming.defaults(CheckerKind.UDP_CHECK),
                null, false, HexPattern.parse("01", true), 0, 255)).hasMessageContaining("require_reply");
        assertThat(MiscCheck.of("/bin/true").effectiveTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(VrrpScript.of("s", "/bin/true").effectiveTimeout()).isEqualTo(java.time.Duration.ofSeconds(1));
    }
}
