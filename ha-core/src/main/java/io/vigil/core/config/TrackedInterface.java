package io.vigil.core.config;

import java.util.Objects;

/**
 * A {@code track_interface} entry: when the link goes down, the instance enters FAULT (weight 0) or its priority
 * changes by {@code weight} ({@code reverse}: the weight applies while the link is up instead).
 */
public record TrackedInterface(String name, int weight, boolean reverse, SourceLocation location) {

    public TrackedInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        if (weight < -254 || weight > 254) {
            throw new IllegalArgumentException("track_interface weight " + weight + " outside [-254, 254]");
        }
    }
}
