package io.vigil.healthcheck.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing options every checker has ({@code connect_timeout}, {@code retry}, {@code delay_before_retry},
 * {@code delay_loop}, {@code warmup}, {@code alpha}, {@code log_all_failures}). keepalived's defaults depend on the
 * checker type: see {@link #defaults(CheckerKind)}.
 *
 * <p>{@code connectTimeout} bounds the whole exchange of one attempt (connect, request, response), not only the
 * TCP handshake: a server that accepts and then never answers fails within it.
 *
 * @param connectTimeout {@code connect_timeout} (default 5 s)
 * @param retry {@code retry}: extra attempts after a failure before a checker that is up goes down
 * @param delayBeforeRetry {@code delay_before_retry}
 * @param delayLoop {@code delay_loop}: the time between two check rounds (default 60 s)
 * @param warmup {@code warmup}: the first check starts after a random delay in [0, warmup) (default delay_loop)
 * @param alpha {@code alpha}: the checker starts down and must succeed once before the real server is up
 * @param logAllFailures {@code log_all_failures}
 */
public record CheckTiming(Duration connectTimeout, int retry, Duration delayBeforeRetry, Duration delayLoop,
        Duration warmup, boolean alpha, boolean logAllFailures) {

    /** keepalived's {@code connect_timeout} default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** keepalived's {@code delay_loop} default. */
    public static final Duration DEFAULT_DELAY_LOOP = Duration.ofSeconds(60);

    public CheckTiming {
        positive(connectTimeout, "connect_timeout");
        positive(delayLoop, "delay_loop");
        nonNegative(delayBeforeRetry, "delay_before_retry");
        nonNegative(warmup, "warmup");
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0: " + retry);
        }
    }

    /** keepalived's defaults for a checker of this kind with the default {@code delay_loop}. */
    public static CheckTiming defaults(CheckerKind kind) {
        return defaults(kind, DEFAULT_DELAY_LOOP);
    }

    /**
     * keepalived's defaults for a checker of this kind: retry 1 (DNS_CHECK 3, MISC_CHECK 0); delay_before_retry
     * 3 s for HTTP_GET/SSL_GET, delay_loop for DNS_CHECK, 1 s otherwise; warmup = delay_loop.
     */
    public static CheckTiming defaults(CheckerKind kind, Duration delayLoop) {
        int retry = switch (kind) {
            case DNS_CHECK -> 3;
            case MISC_CHECK, FILE_CHECK -> 0;
            default -> 1;
        };
        Duration dbr = switch (kind) {
            case HTTP_GET, SSL_GET -> Duration.ofSeconds(3);
            case DNS_CHECK -> delayLoop;
            default -> Duration.ofSeconds(1);
        };
        return new CheckTiming(DEFAULT_CONNECT_TIMEOUT, retry, dbr, delayLoop, delayLoop, false, false);
    }

    public CheckTiming withConnectTimeout(Duration d) {
        return new CheckTiming(d, retry, delayBeforeRetry, delayLoop, warmup, alpha, logAllFailures);
    }

    public CheckTiming withRetry(int r) {
        return new CheckTiming(connectTimeout, r, delayBeforeRetry, delayLoop, warmup, alpha, logAllFailures);
    }

    public CheckTiming withDelayBeforeRetry(Duration d) {
        return new CheckTiming(connectTimeout, retry, d, delayLoop, warmup, alpha, logAllFailures);
    }

    /** Sets {@code delay_loop}; leaves warmup as it is. */
    public CheckTiming withDelayLoop(Duration d) {
        return new CheckTiming(connectTimeout, retry, delayBeforeRetry, d, warmup, alpha, logAllFailures);
    }

    public CheckTiming withWarmup(Duration d) {
        return new CheckTiming(connectTimeout, retry, delayBeforeRetry, delayLoop, d, alpha, logAllFailures);
    }

    public CheckTiming withAlpha(boolean a) {
        return new CheckTiming(connectTimeout, retry, delayBeforeRetry, delayLoop, warmup, a, logAllFailures);
    }

    static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0: " + d);
        }
    }

    static void nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0: " + d);
        }
    }
}
