package io.vigil.healthcheck.probe;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.Reason;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns the exceptions of a probe into a {@link Reason} and a short detail. */
final class Failures {

    private Failures() {
    }

    static ProbeResult classify(Throwable t, String phase) {
        Throwable c = t;
        if (c instanceof DecoderException && c.getCause() != null) {
            c = c.getCause();
        }
        String msg = String.valueOf(c.getMessage());
        String lower = msg.toLowerCase(Locale.ROOT);
        String detail = phase + ": " + shorten(msg);
        if (c instanceof NotSslRecordException) {
            return ProbeResult.fail(Reason.TLS_FAILED, phase + ": not a TLS record (" + shorten(msg) + ")");
        }
        if (c instanceof SSLException) {
            return ProbeResult.fail(Reason.TLS_FAILED, detail);
        }
        if (c instanceof BindException || lower.contains("cannot assign requested address")
                || lower.contains("address already in use")) {
            return ProbeResult.fail(Reason.BIND_FAILED, detail);
        }
        if (c instanceof PortUnreachableException || lower.contains("connection refused")) {
            return ProbeResult.fail(Reason.REFUSED, detail);
        }
        if (c instanceof NoRouteToHostException || lower.contains("no route to host")
                || lower.contains("network is unreachable") || lower.contains("host is unreachable")) {
            return ProbeResult.fail(Reason.UNREACHABLE, detail);
        }
        if (lower.contains("connection reset") || lower.contains("broken pipe")) {
            return ProbeResult.fail(Reason.RESET, detail);
        }
        if (c instanceof ConnectException && lower.contains("timed out")) {
            return ProbeResult.fail(Reason.TIMEOUT, detail);
        }
        return ProbeResult.fail(Reason.IO_ERROR, phase + ": " + c.getClass().getSimpleName() + ": " + shorten(msg));
    }

    /**
     * A short detail: Netty's native transport says "finishConnect(..) failed with error(-111): Connection refused:
     * /198.51.100.12:8080"; the status line needs only "Connection refused" (the server is on the same line).
     */
    private static String shorten(String s) {
        s = NATIVE_PREFIX.matcher(s).replaceFirst("");
        s = PEER_SUFFIX.matcher(s).replaceFirst("");
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    private static final java.util.regex.Pattern NATIVE_PREFIX =
            java.util.regex.Pattern.compile("^[A-Za-z]+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");
    private static final java.util.regex.Pattern PEER_SUFFIX =
            java.util.regex.Pattern.compile(": [^ ]*/[0-9A-Fa-f.:%\\[\\]]+$");
}
