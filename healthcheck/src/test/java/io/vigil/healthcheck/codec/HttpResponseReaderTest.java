package io.vigil.healthcheck.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.codec.HttpResponseReader.Progress;
import io.vigil.healthcheck.model.StatusCodes;
import io.vigil.healthcheck.model.UrlCheck;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b(s)));
    }

    private static Progress feedByteByByte(HttpResponseReader r, String s) {
        byte[] d = b(s);
        Progress p = Progress.NEED_MORE;
        for (int i = 0; i < d.length && p == Progress.NEED_MORE; i++) {
            p = r.feed(d, i, 1);
        }
        return p;
    }

    @Test
    void contentLengthBodyFedByteByByteGivesStatusAndDigest() throws Exception {
        HttpResponseReader r = new HttpResponseReader(16384, 1 << 20, true, 0);
        String body = "hello, world\n";
        assertThat(feedByteByByte(r, "HTTP/1.0 200 OK\r\nContent-Length: 13\r\nX: y\r\n\r\n" + body))
                .isEqualTo(Progress.COMPLETE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(r.digest())).isEqualTo(md5(body));
    }

    @Test
    void chunkedBodyIsDechunkedForTheDigest() throws Exception {
        HttpResponseReader r = new HttpResponseReader(16384, 1 << 20, true, 100);
        String wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\n"
                + "Trailer: x\r\n\r\n";
        assertThat(r.feed(b(wire), 0, wire.length())).isEqualTo(Progress.COMPLETE);
        assertThat(HexFormat.of().formatHex(r.digest())).isEqualTo(md5("hello, world"));
        assertThat(r.retainedBody()).isEqualTo("hello, world");
    }

    @Test
    void bodyUntilCloseCompletesAtEof() {
        HttpResponseReader r = new HttpResponseReader(16384, 1 << 20, true, 0);
        assertThat(r.feed(b("HTTP/1.0 200 OK\r\n\r\nabc"), 0, 22)).isEqualTo(Progress.NEED_MORE);
        assertThat(r.eof()).isEqualTo(Progress.COMPLETE);
        assertThat(r.bodyBytes()).isEqualTo(3);
    }

    @Test
    void withoutDigestOrRegexTheHeadIsEnough() {
        HttpResponseReader r = new HttpResponseReader(16384, 1 << 20, false, 0);
        String s = "HTTP/1.1 503 Busy\r\nContent-Length: 999999\r\n\r\n";
        assertThat(r.feed(b(s), 0, s.length())).isEqualTo(Progress.COMPLETE);
        assertThat(r.status()).isEqualTo(503);
    }

    @Test
    void interimResponsesAreSkipped() {
        HttpResponseReader r = new HttpResponseReader(16384, 1 << 20, false, 0);
        String s = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
        assertThat(r.feed(b(s), 0, s.length())).isEqualTo(Progress.COMPLETE);
        assertThat(r.status()).isEqualTo(204);
    }

    @Test
    void anEndlessBodyStopsAtTheBound() {
        HttpResponseReader r = new HttpResponseReader(16384, 1000, true, 0);
        String head = "HTTP/1.0 200 OK\r\n\r\n";
        r.feed(b(head), 0, head.length());
        byte[] chunk = new byte[300];
        Progress p = Progress.NEED_MORE;
        for (int i = 0; i < 10 && p == Progress.NEED_MORE; i++) {
            p = r.feed(chunk, 0, chunk.length);
        }
        assertThat(p).isEqualTo(Progress.FAILED);
        assertThat(r.failReason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
        HttpResponseReader r2 = new HttpResponseReader(16384, 1000, true, 0);
        String big = "HTTP/1.0 200 OK\r\nContent-Length: 5000\r\n\r\n";
        assertThat(r2.feed(b(big), 0, big.length())).isEqualTo(Progress.FAILED);
        assertThat(r2.failDetail()).contains("Content-Length 5000");
    }

    @Test
    void floodOfHeaderBytesIsBounded() {
        HttpResponseReader r = new HttpResponseReader(1024, 1 << 20, false, 0);
        String s = "HTTP/1.0 200 OK\r\nX: " + "a".repeat(2000);
        assertThat(r.feed(b(s), 0, s.length())).isEqualTo(Progress.FAILED);
        assertThat(r.failReason()).isEqualTo(Reason.RESPONSE_TOO_LARGE);
    }

    @Test
    void garbageAndTruncationHaveTheirReasons() {
        HttpResponseReader r = new HttpResponseReader(1024, 1 << 20, false, 0);
        String s = "\u0016\u0003\u0001garbage\n";
        assertThat(r.feed(b(s), 0, s.length())).isEqualTo(Progress.FAILED);
        assertThat(r.failReason()).isEqualTo(Reason.MALFORMED);

        HttpResponseReader cut = new HttpResponseReader(1024, 1 << 20, true, 0);
        String c = "HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nabc";
        cut.feed(b(c), 0, c.length());
        assertThat(cut.eof()).isEqualTo(Progress.FAILED);
        assertThat(cut.failReason()).isEqualTo(Reason.CLOSED);
        assertThat(cut.failDetail()).isEqualTo("closed after 3 body bytes of 10");

        HttpResponseReader none = new HttpResponseReader(1024, 1 << 20, true, 0);
        none.eof();
        assertThat(none.failDetail()).isEqualTo("closed without a response");

        HttpResponseReader badChunk = new HttpResponseReader(1024, 1 << 20, true, 0);
        String bc = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
        assertThat(badChunk.feed(b(bc), 0, bc.length())).isEqualTo(Progress.FAILED);
        assertThat(badChunk.failReason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void verdictChecksStatusDigestAndRegex() throws Exception {
        String body = "<html>status: green</html>";
        String wire = "HTTP/1.0 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        UrlCheck url = UrlCheck.of("/health").withDigest(md5(body));
        assertThat(judge(url, wire).ok()).isTrue();
        ProbeResult bad = judge(UrlCheck.of("/health").withDigest(md5("other")), wire);
        assertThat(bad.reason()).isEqualTo(Reason.DIGEST_MISMATCH);
        assertThat(bad.detail()).contains(md5(body)).contains("expected " + md5("other"));
        assertThat(judge(UrlCheck.of("/h").withStatusCodes(StatusCodes.parse("300-399 404")), wire).reason())
                .isEqualTo(Reason.HTTP_STATUS);
        assertThat(judge(UrlCheck.of("/h").withRegex("STATUS: gr[e]+n", false, Set.of("caseless")), wire).ok())
                .isTrue();
        assertThat(judge(UrlCheck.of("/h").withRegex("red", false, Set.of()), wire).reason())
                .isEqualTo(Reason.REGEX_MISMATCH);
        assertThat(judge(UrlCheck.of("/h").withRegex("green", true, Set.of()), wire).reason())
                .isEqualTo(Reason.REGEX_MISMATCH);
    }

    private static ProbeResult judge(UrlCheck url, String wire) {
        HttpResponseReader r = new HttpResponseReader(16384, 1 << 20, url.needsBody(), 1024);
        r.feed(b(wire), 0, wire.length());
        return HttpVerdict.judge(url, r, url.compiledRegex());
    }

    @Test
    void requestFollowsKeepalivedsFormat() {
        assertThat(new String(HttpVerdict.request("/x", "example.org", "1.0"), StandardCharsets.ISO_8859_1))
                .isEqualTo("GET /x HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: example.org\r\n\r\n");
        assertThat(new String(HttpVerdict.request("/", "h", "1.1"), StandardCharsets.ISO_8859_1))
                .startsWith("GET / HTTP/1.1\r\n").contains("Connection: close\r\n");
        assertThat(new String(HttpVerdict.request("/", "h", "1.0C"), StandardCharsets.ISO_8859_1))
                .startsWith("GET / HTTP/1.0\r\n").contains("Connection: close\r\n");
    }
}
