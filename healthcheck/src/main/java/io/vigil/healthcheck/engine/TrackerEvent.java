package io.vigil.healthcheck.engine;

import io.vigil.healthcheck.state.Reason;
import io.vigil.healthcheck.state.TrackEffect;
import java.time.Instant;
import java.util.Objects;

/**
 * A tracked script, file or process changed (or was first registered). The VRRP side turns it into a priority
 * change or FAULT with {@link TrackEffect} and the weight each instance tracks it with.
 *
 * @param name the vrrp_script / track_file / vrrp_track_process name
 * @param kind which of the three
 * @param ok the filtered status (scripts after rise/fall; processes within quorum; files: the value read)
 * @param value the file's value or the process count (0 for scripts)
 * @param effect the effect with the tracker's own weight and reverse
 * @param reason OK or why not
 * @param detail human-readable detail
 */
public record TrackerEvent(String name, Kind kind, boolean ok, long value, TrackEffect effect, Reason reason,
        String detail, long monotonicNanos, Instant at) {

    /** The three kinds of tracker. */
    public enum Kind { SCRIPT, FILE, PROCESS }

    public TrackerEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }
}
