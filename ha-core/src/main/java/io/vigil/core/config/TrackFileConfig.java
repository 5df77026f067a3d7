package io.vigil.core.config;

import java.util.Objects;

/**
 * A {@code track_file} (or the deprecated {@code vrrp_track_file}): a file holding a number; with weight 0 a
 * non-zero value means failure, otherwise the value times the weight moves the priority.
 *
 * @param initValue     {@code init_file [VALUE]}: the value written at start-up when the file is missing, or
 *                      {@code null} when the file is not initialised
 * @param initOverwrite {@code init_file ... overwrite}: write it even when the file exists
 */
public record TrackFileConfig(String name, String file, int weight, boolean reverse, Long initValue,
                              boolean initOverwrite, SourceLocation location) {

    public TrackFileConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(location, "location");
    }
}
