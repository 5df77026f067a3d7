package io.vigil.healthcheck.engine;

import io.vigil.core.loop.EventLoop;
import java.time.Clock;
import java.time.Instant;

/**
 * Wall-clock time for events, derived from the loop's monotonic clock and one reading of a {@link Clock} at
 * start, so that event times never go backwards when the system clock is stepped.
 */
final class EventClock {

    private final EventLoop loop;
    private final Instant base;
    private final long baseNanos;

    EventClock(EventLoop loop, Clock clock) {
        this.loop = loop;
        this.base = clock.instant();
        this.baseNanos = loop.nanoTime();
    }

    Instant wallTime() {
        return base.plusNanos(loop.nanoTime() - baseNanos);
    }
}
