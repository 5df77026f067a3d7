package io.vigil.core.config.lvs;

/**
 * The scheduling of one checker, effective values (checker, else real server, else virtual server, else the
 * checker type's default). Durations in nanoseconds.
 *
 * @param alpha              start in the failed state
 * @param retry              extra attempts before a failure counts (default 1; DNS_CHECK 3; MISC_CHECK 0)
 * @param delayBeforeRetryNanos wait before a retry (default 1 s; HTTP_GET/SSL_GET 3 s; DNS_CHECK the delay loop)
 * @param warmupNanos        random delay before the first check, at most this (default: the delay loop)
 * @param delayLoopNanos     interval between checks (default 60 s)
 * @param logAllFailures     {@code log_all_failures}
 */
public record CheckTiming(boolean alpha, int retry, long delayBeforeRetryNanos, long warmupNanos, long delayLoopNanos,
                          boolean logAllFailures) {

    public CheckTiming {
        if (retry < 0 || delayBeforeRetryNanos < 0 || warmupNanos < 0 || delayLoopNanos <= 0) {
            throw new IllegalArgumentException("negative checker timing");
        }
    }
}
