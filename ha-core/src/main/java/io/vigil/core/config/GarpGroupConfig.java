package io.vigil.core.config;

import java.util.List;
import java.util.Objects;

/**
 * A {@code garp_group}: pacing of gratuitous ARPs and unsolicited NAs on an interface or across a set of interfaces
 * behind one switch. Intervals in nanoseconds, {@code null} when not set.
 */
public record GarpGroupConfig(Long garpIntervalNanos, Long gnaIntervalNanos, List<String> interfaces,
                              boolean aggregated, SourceLocation location) {

    public GarpGroupConfig {
        Objects.requireNonNull(location, "location");
        interfaces = List.copyOf(interfaces);
    }
}
