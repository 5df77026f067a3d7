package io.vigil.healthcheck.engine;

/**
 * Receives the engine's state changes. Called on the engine's event loop, in order: it must return quickly and
 * must not block (hand the event to the daemon's own loop). An exception thrown here is logged and dropped.
 */
public interface HealthListener {

    void onRealServer(RealServerHealthEvent event);

    default void onTracker(TrackerEvent event) {
    }

    /**
     * One check attempt of a real server ended (thousands a second: keep it cheap, e.g. a histogram).
     *
     * @param kind the checker
     * @param durationNanos how long the attempt took
     * @param ok whether it passed
     */
    default void onAttempt(io.vigil.healthcheck.model.CheckerKind kind, long durationNanos, boolean ok) {
    }
}
