package io.vigil.healthcheck.engine;

import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.state.Reason;
import java.time.Instant;
import java.util.Objects;

/**
 * A real server changed state (or was first registered): what the engine must apply to the datapath and what
 * {@code vigil status} shows.
 *
 * @param key the real server
 * @param up whether it takes traffic
 * @param weight its weight (0 when down)
 * @param inhibitOnFailure when down: keep it in the pool with weight 0 rather than remove it
 * @param reason OK / NOT_CHECKED when up, else why it is down
 * @param detail the failing checker and its detail, e.g. "HTTP_GET: status 503 for /health"
 * @param monotonicNanos the engine loop's clock when it happened
 * @param at the wall-clock time when it happened
 */
public record RealServerHealthEvent(RealServerKey key, boolean up, int weight, boolean inhibitOnFailure,
        Reason reason, String detail, long monotonicNanos, Instant at) {

    public RealServerHealthEvent {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }
}
