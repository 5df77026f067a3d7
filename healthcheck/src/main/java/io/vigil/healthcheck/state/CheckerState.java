package io.vigil.healthcheck.state;

import io.vigil.healthcheck.model.CheckTiming;

/**
 * The state of one checker of one real server between attempts.
 *
 * @param up whether the checker counts as passing
 * @param retryIt failed attempts so far in the current round (keepalived's retry_it)
 * @param last the last result (or the initial pseudo-result)
 */
public record CheckerState(boolean up, int retryIt, ProbeResult last) {

    /** The start state: up, or down with {@code alpha}. */
    public static CheckerState initial(CheckTiming timing) {
        return timing.alpha()
                ? new CheckerState(false, 0, new ProbeResult(Reason.ALPHA, "alpha: down until a check passes", null, 0))
                : new CheckerState(true, 0, new ProbeResult(Reason.NOT_CHECKED, "not checked yet", null, 0));
    }
}
