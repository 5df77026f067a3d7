package io.vigil.healthcheck.engine;

import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.state.Reason;

/**
 * One checker's line in {@code vigil status}.
 *
 * @param retryIt failed attempts in the current round
 * @param lastDurationNanos duration of the last attempt
 * @param attempts attempts since the checker was added
 * @param failures failed attempts since the checker was added
 */
public record CheckerStatus(CheckerKind kind, boolean up, int retryIt, Reason lastReason, String lastDetail,
        long lastDurationNanos, long attempts, long failures) {
}
