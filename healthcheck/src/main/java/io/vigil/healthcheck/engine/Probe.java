package io.vigil.healthcheck.engine;

import io.vigil.healthcheck.state.ProbeResult;
import java.util.function.Consumer;

/**
 * One checker's way of making an attempt (a connection, a query, a script run). The scheduler decides when;
 * the probe only does it and reports once, on the scheduler's event loop, within its own time limit.
 */
public interface Probe {

    /**
     * Starts an attempt. {@code done} is called exactly once, on the engine's loop, unless the attempt is
     * cancelled first. Must not block and must not throw: a failure to start is reported through {@code done}.
     */
    Attempt start(Consumer<ProbeResult> done);

    /** An attempt in flight. */
    interface Attempt {
        /** Abandons the attempt (closing its socket, killing its process); {@code done} will not be called. */
        void cancel();
    }
}
