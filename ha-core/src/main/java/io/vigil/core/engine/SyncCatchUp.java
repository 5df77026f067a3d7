package io.vigil.core.engine;

/**
 * When a backup director's connection table has caught up with the master's, so that it may preempt without
 * resetting the clients of the connections it does not know ({@code vigil_preempt_after_sync}).
 *
 * <p>"Caught up", concretely: the IPVS backup sync daemon installs the master's connections as they are created or
 * change state, so right after it starts the table grows quickly, then it follows the master's table, going up and
 * down with its traffic. Caught up is the first moment when the table has made no new high for {@code quiet}
 * (and the catch-up has lasted at least that long): every connection older than {@code quiet} is there. A table
 * that keeps growing (traffic ramping up) is released after {@code max} anyway, with a distinct verdict, so
 * preemption is never held forever.
 *
 * <p>A pure state machine: the caller samples the table (e.g. each second) and acts on the verdict.
 */
public final class SyncCatchUp {

    /** What a sample says. */
    public enum Verdict {
        /** Not catching up (never started, or already done). */
        IDLE,
        /** Still catching up: hold preemption. */
        WAITING,
        /** No new high for the quiet time: preemption may go on. */
        CAUGHT_UP,
        /** The longest hold passed while the table still grew: preemption goes on anyway. */
        TIMED_OUT
    }

    private final long quietNanos;
    private final long maxNanos;
    private boolean active;
    private long startedAt;
    private long peak;
    private long peakAt;

    /**
     * @param quietNanos how long the table must make no new high
     * @param maxNanos   the longest hold
     */
    public SyncCatchUp(long quietNanos, long maxNanos) {
        if (quietNanos <= 0 || maxNanos < quietNanos) {
            throw new IllegalArgumentException("quiet " + quietNanos + " and max " + maxNanos);
        }
        this.quietNanos = quietNanos;
        this.maxNanos = maxNanos;
    }

    /** The backup sync daemon (re)starts: catching up begins now. */
    public void start(long nowNanos) {
        active = true;
        startedAt = nowNanos;
        peak = -1;
        peakAt = nowNanos;
    }

    /** This director became master (or the catch-up was given up): nothing to wait for. */
    public void stop() {
        active = false;
    }

    public boolean active() {
        return active;
    }

    /** The highest connection count seen since {@link #start}. */
    public long peak() {
        return Math.max(peak, 0);
    }

    /** Seconds since the catch-up started. */
    public double seconds(long nowNanos) {
        return (nowNanos - startedAt) / 1e9;
    }

    /**
     * One sample of the connection table; a verdict other than {@link Verdict#WAITING} ends the catch-up.
     *
     * @param connections every entry of the table (active, inactive, persistence templates)
     */
    public Verdict sample(long nowNanos, long connections) {
        if (!active) {
            return Verdict.IDLE;
        }
        if (connections > peak) {
            peak = connections;
            peakAt = nowNanos;
        }
        if (nowNanos - startedAt >= quietNanos && nowNanos - peakAt >= quietNanos) {
            active = false;
            return Verdict.CAUGHT_UP;
        }
        if (nowNanos - startedAt >= maxNanos) {
            active = false;
            return Verdict.TIMED_OUT;
        }
        return Verdict.WAITING;
    }
}
