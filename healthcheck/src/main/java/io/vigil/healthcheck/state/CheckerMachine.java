package io.vigil.healthcheck.state;

import io.vigil.healthcheck.model.CheckTiming;

/**
 * keepalived's per-checker rule, as a function. A success makes the checker up and waits {@code delay_loop}. A
 * failure while up is retried {@code retry} times, {@code delay_before_retry} apart, before the checker goes down;
 * a failure while down just waits {@code delay_loop}. The first attempt waits a random part of {@code warmup}, so
 * that thousands of servers configured at once do not all get probed in the same instant.
 */
public final class CheckerMachine {

    private CheckerMachine() {
    }

    /** What to do after an attempt: the new state, when to try next, and whether {@code up} flipped. */
    public record Step(CheckerState state, long nextDelayNanos, boolean upChanged) {
    }

    /**
     * The delay before the first attempt.
     *
     * @param fraction a uniform random number in [0, 1)
     */
    public static long firstDelayNanos(CheckTiming timing, double fraction) {
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("fraction must be in [0, 1): " + fraction);
        }
        return (long) (timing.warmup().toNanos() * fraction);
    }

    public static Step onResult(CheckerState s, ProbeResult r, CheckTiming timing) {
        if (r.ok()) {
            return new Step(new CheckerState(true, 0, r), timing.delayLoop().toNanos(), !s.up());
        }
        if (s.up() && s.retryIt() < timing.retry()) {
            return new Step(new CheckerState(true, s.retryIt() + 1, r), timing.delayBeforeRetry().toNanos(), false);
        }
        return new Step(new CheckerState(false, 0, r), timing.delayLoop().toNanos(), s.up());
    }
}
