package io.vigil.vrrp.fsm;

/**
 * The timer formulas of RFC 3768 §6.1 and RFC 9568 §6.1, in exact nanoseconds (FRR rounds to centiseconds and
 * loses the skew tie-break at high priorities; keepalived works in microseconds).
 */
public final class VrrpTimers {

    private static final long SECOND = 1_000_000_000L;

    private VrrpTimers() {
    }

    /**
     * Skew_Time. v2: (256 - Priority) / 256 seconds, whatever the interval. v3: (256 - Priority) *
     * Master_Adver_Interval / 256.
     */
    public static long skewNanos(int version, int priority, long masterAdverIntervalNanos) {
        long base = version == 2 ? SECOND : masterAdverIntervalNanos;
        return (256L - priority) * base / 256L;
    }

    /** Master_Down_Interval: {@code adverts} (3 in the RFCs) times Master_Adver_Interval, plus Skew_Time. */
    public static long masterDownIntervalNanos(int version, int priority, long masterAdverIntervalNanos,
                                               int adverts) {
        return adverts * masterAdverIntervalNanos + skewNanos(version, priority, masterAdverIntervalNanos);
    }
}
