package io.vigil.healthcheck.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code track_file NAME { file, weight [reverse], init_file [VALUE] [overwrite] }} (the deprecated
 * {@code vrrp_track_file} too): a file holding a number, re-read when it changes.
 *
 * @param weight default weight (1)
 * @param initValue {@code init_file} value, or null when the file is not to be created
 * @param overwrite {@code init_file ... overwrite}
 */
public record TrackFile(String name, Path file, int weight, boolean reverse, Long initValue, boolean overwrite) {

    public TrackFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if (overwrite && initValue == null) {
            throw new IllegalArgumentException("init_file overwrite needs init_file");
        }
    }

    public static TrackFile of(String name, Path file) {
        return new TrackFile(name, file, 1, false, null, false);
    }
}
