package io.vigil.core.config;

import java.util.Objects;

/**
 * A {@code track_script} entry of an instance: the {@code vrrp_script} it names and the weight that overrides the
 * script's own ({@code null}: use the script's weight).
 */
public record TrackedScript(String name, Integer weight, boolean reverse, SourceLocation location) {

    public TrackedScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }
}
