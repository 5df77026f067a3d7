package io.vigil.healthcheck.codec;

import io.vigil.healthcheck.model.UrlCheck;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.Reason;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Judges a complete HTTP response against a {@code url} block: status code, then digest, then regex. */
public final class HttpVerdict {

    private HttpVerdict() {
    }

    /**
     * The request keepalived sends: {@code GET path HTTP/1.x}, its User-Agent, Host, and Connection: close for
     * 1.0C and 1.1.
     */
    public static byte[] request(String path, String host, String httpProtocol) {
        String version = httpProtocol.equals("1.1") ? "1.1" : "1.0";
        StringBuilder b = new StringBuilder();
        b.append("GET ").append(path).append(" HTTP/").append(version).append("\r\n");
        b.append("User-Agent: KeepAliveClient\r\n");
        b.append("Host: ").append(host).append("\r\n");
        if (!httpProtocol.equals("1.0")) {
            b.append("Connection: close\r\n");
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * @param pattern the url's compiled regex (compiled once per checker), or null
     */
    public static ProbeResult judge(UrlCheck url, HttpResponseReader r, Pattern pattern) {
        if (r.progress() == HttpResponseReader.Progress.FAILED) {
            return ProbeResult.fail(r.failReason(), r.failDetail() + " for " + url.path());
        }
        if (!url.statusCodes().matches(r.status())) {
            return ProbeResult.fail(Reason.HTTP_STATUS, "status " + r.status() + " for " + url.path()
                    + " (expected " + url.statusCodes() + ")");
        }
        if (url.digest() != null) {
            String got = HexFormat.of().formatHex(r.digest());
            if (!got.equals(url.digest())) {
                return ProbeResult.fail(Reason.DIGEST_MISMATCH, "MD5 " + got + " of " + r.bodyBytes()
                        + " body bytes for " + url.path() + ", expected " + url.digest());
            }
        }
        if (pattern != null) {
            String body = r.retainedBody();
            int from = Math.min(url.regexMinOffset(), body.length());
            Matcher m = pattern.matcher(body).region(from, body.length());
            boolean found = false;
            while (m.find()) {
                if (url.regexMaxOffset() < 0 || m.start() <= url.regexMaxOffset()) {
                    found = true;
                }
                break;
            }
            if (found == url.regexNoMatch()) {
                return ProbeResult.fail(Reason.REGEX_MISMATCH, (found ? "body matches" : "body does not match")
                        + " regex '" + url.regex() + "' for " + url.path());
            }
        }
        return ProbeResult.ok("status " + r.status() + " for " + url.path());
    }
}
