package io.vigil.core.config;

import java.util.List;
import java.util.Objects;

/** A {@code track_group}: the instances that go to FAULT when a static address, route or rule naming it is lost. */
public record TrackGroupConfig(String name, List<String> instances, SourceLocation location) {

    public TrackGroupConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        instances = List.copyOf(instances);
    }
}
