package io.vigil.healthcheck.model;

import java.util.List;
import java.util.Objects;

/**
 * A real server to health-check: its key, its configured {@code weight}, {@code inhibit_on_failure} (a failed
 * server keeps its place with weight 0 instead of leaving the pool) and its checkers, all of which must pass.
 * A server with no checker is always up, as in keepalived.
 */
public record RealServerTarget(RealServerKey key, int weight, boolean inhibitOnFailure,
        List<CheckerConfig> checkers) {

    public RealServerTarget {
        Objects.requireNonNull(key, "key");
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be >= 0: " + weight);
        }
        checkers = List.copyOf(checkers);
    }

    public static RealServerTarget of(RealServerKey key, CheckerConfig... checkers) {
        return new RealServerTarget(key, 1, false, List.of(checkers));
    }
}
