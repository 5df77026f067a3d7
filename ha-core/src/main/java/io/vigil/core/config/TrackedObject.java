package io.vigil.core.config;

import java.util.Objects;

/**
 * An entry of an instance's or sync group's {@code track_file}, {@code track_process} or {@code track_bfd} block:
 * the name of the tracked object and the weight that overrides the object's own ({@code null}: use the object's).
 */
public record TrackedObject(String name, Integer weight, boolean reverse, SourceLocation location) {

    public TrackedObject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }
}
