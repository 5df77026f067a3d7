package io.vigil.core.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * A drain and how far it got.
 *
 * @param connectionsAtStart the connections it waited for at the first count ({@code -1}: not counted yet)
 * @param connections        the connections left at the last count ({@code -1}: not counted yet)
 * @param finishedAt         when the last one ended, or {@code null}
 * @param note               why the drain did not wait for connections (the datapath cannot count them), or
 *                           {@code null}
 */
public record DrainStatus(Drain drain, long connectionsAtStart, long connections, Instant finishedAt, String note) {

    public DrainStatus {
        Objects.requireNonNull(drain, "drain");
    }

    public DrainStatus(Drain drain, long connectionsAtStart, long connections, Instant finishedAt) {
        this(drain, connectionsAtStart, connections, finishedAt, null);
    }

    public boolean finished() {
        return finishedAt != null;
    }
}
