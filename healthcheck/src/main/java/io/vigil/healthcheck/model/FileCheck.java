package io.vigil.healthcheck.model;

import java.util.Objects;

/**
 * {@code FILE_CHECK { track_file NAME; dynamic; weight W [reverse] }}: the real server follows the number in a
 * tracked file. With weight 0 a non-zero value is a failure; otherwise the value times the weight is added to the
 * real server's weight when {@code dynamic} is set, and the server is down when the result is negative.
 */
public record FileCheck(TrackFile trackFile, boolean dynamic, int weight, boolean reverse, CheckTiming timing)
        implements CheckerConfig {

    public FileCheck {
        Objects.requireNonNull(trackFile, "trackFile");
        Objects.requireNonNull(timing, "timing");
    }

    /** A FILE_CHECK with the track_file's weight, re-read every second. */
    public static FileCheck of(TrackFile file) {
        return new FileCheck(file, false, file.weight(), file.reverse(),
                CheckTiming.defaults(CheckerKind.FILE_CHECK, java.time.Duration.ofSeconds(1))
                        .withWarmup(java.time.Duration.ZERO));
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.FILE_CHECK;
    }
}
