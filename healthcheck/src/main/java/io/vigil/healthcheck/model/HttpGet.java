package io.vigil.healthcheck.model;

import java.util.List;
import java.util.Objects;

/**
 * {@code HTTP_GET} and {@code SSL_GET}: each {@code url} is fetched on its own connection, in order; the checker
 * passes when every url passes. The response is read with a bound ({@code maxResponseBytes} of the engine), and
 * the body only when a {@code digest} or {@code regex} needs it.
 *
 * @param ssl true for {@code SSL_GET}
 * @param httpProtocol {@code http_protocol}: "1.0" (default), "1.0C" (1.0 with Connection: close) or "1.1"
 * @param urls the {@code url} blocks, at least one
 * @param virtualhost the inherited {@code virtualhost} (real or virtual server's), or null
 * @param tls TLS settings (SSL_GET only)
 * @param fastRecovery {@code fast_recovery}; always the behaviour here, since a round checks every url at once
 */
public record HttpGet(ConnectOptions connect, CheckTiming timing, boolean ssl, String httpProtocol,
        List<UrlCheck> urls, String virtualhost, TlsOptions tls, boolean fastRecovery) implements CheckerConfig {

    public HttpGet {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(tls, "tls");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException((ssl ? "SSL_GET" : "HTTP_GET") + " needs at least one url");
        }
        if (!List.of("1.0", "1.0C", "1.1").contains(httpProtocol)) {
            throw new IllegalArgumentException("http_protocol must be 1.0, 1.0C or 1.1: " + httpProtocol);
        }
    }

    /** An HTTP_GET (or SSL_GET) of these urls with keepalived's defaults. */
    public static HttpGet of(boolean ssl, UrlCheck... urls) {
        return new HttpGet(ConnectOptions.DEFAULT, CheckTiming.defaults(ssl ? CheckerKind.SSL_GET
                : CheckerKind.HTTP_GET), ssl, "1.0", List.of(urls), null, TlsOptions.DEFAULT, false);
    }

    public HttpGet with(ConnectOptions c, CheckTiming t) {
        return new HttpGet(c, t, ssl, httpProtocol, urls, virtualhost, tls, fastRecovery);
    }

    public HttpGet withTls(TlsOptions t) {
        return new HttpGet(connect, timing, ssl, httpProtocol, urls, virtualhost, t, fastRecovery);
    }

    public HttpGet withVirtualhost(String v) {
        return new HttpGet(connect, timing, ssl, httpProtocol, urls, v, tls, fastRecovery);
    }

    public HttpGet withHttpProtocol(String p) {
        return new HttpGet(connect, timing, ssl, p, urls, virtualhost, tls, fastRecovery);
    }

    @Override
    public CheckerKind kind() {
        return ssl ? CheckerKind.SSL_GET : CheckerKind.HTTP_GET;
    }
}
