package io.vigil.healthcheck.engine;

import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.state.Reason;
import java.util.List;

/** A real server's line in {@code vigil status}, with its checkers. */
public record RealServerStatus(RealServerKey key, boolean up, int weight, Reason reason, String detail,
        List<CheckerStatus> checkers) {

    public RealServerStatus {
        checkers = List.copyOf(checkers);
    }
}
