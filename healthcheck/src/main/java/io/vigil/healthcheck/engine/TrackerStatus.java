package io.vigil.healthcheck.engine;

import io.vigil.core.event.TrackerState;
import io.vigil.healthcheck.state.Reason;

/** A tracker's line in {@code vigil status}. */
public record TrackerStatus(String name, TrackerState.Kind kind, boolean ok, long value, Reason reason,
        String detail) {
}
