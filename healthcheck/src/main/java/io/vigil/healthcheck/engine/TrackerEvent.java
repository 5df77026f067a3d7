package io.vigil.healthcheck.engine;

import io.vigil.core.event.TrackerState;
import io.vigil.healthcheck.state.Reason;
import java.time.Instant;
import java.util.Objects;

/**
 * A tracked script, file or process reported for the first time, or changed. The VRRP side applies it through
 * {@link #state()} with the weight each instance tracks it with (a priority change or FAULT): the tracker only
 * says how it is.
 *
 * @param name the vrrp_script / track_file / vrrp_track_process name
 * @param kind which of the three
 * @param ok the filtered status (scripts after rise/fall; processes within quorum; files: the file could be read)
 * @param value the file's value or the process count (0 for scripts)
 * @param reason OK or why not
 * @param detail human-readable detail
 */
public record TrackerEvent(String name, TrackerState.Kind kind, boolean ok, long value, Reason reason, String detail,
                           long monotonicNanos, Instant at) {

    public TrackerEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "at");
    }

    /** The event as the VRRP runtime takes it. */
    public TrackerState state() {
        return new TrackerState(kind, name, ok, value, detail);
    }
}
