package io.vigil.core.event;

import java.util.Objects;

/**
 * The state of a tracked script, file or process (keepalived's {@code vrrp_script}, {@code track_file},
 * {@code vrrp_track_process}), as the health checker reports it and the VRRP runtime applies it. It carries the
 * tracker's own state only: what it does to an instance (a weight, FAULT) depends on how each instance or sync
 * group tracks it, which the VRRP side knows from its config.
 *
 * @param kind   which of the three
 * @param name   the tracker's name in the config
 * @param ok     scripts: the result after rise/fall; processes: the count is within the quorum (after the fork and
 *               terminate delays); files: the file could be read (the value is what counts)
 * @param value  files: the number read (0 when the file is missing or holds none, as keepalived reads it);
 *               processes: how many match; scripts: 0
 * @param detail what happened, for logs and {@code vigil status} ("exit 1", "2 processes, quorum 3..")
 */
public record TrackerState(Kind kind, String name, boolean ok, long value, String detail) {

    /** The three kinds of tracker, with the prefix of the fault they raise on an instance ("script:NAME"). */
    public enum Kind {
        SCRIPT("script"), FILE("file"), PROCESS("process");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** {@code script}, {@code file} or {@code process}. */
        public String label() {
            return label;
        }
    }

    public TrackerState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    /** The fault an instance gets while this tracker holds it down: {@code script:NAME}. */
    public String faultName() {
        return faultName(kind, name);
    }

    /** The fault a tracker of this kind and name raises: {@code script:NAME}, {@code file:NAME}... */
    public static String faultName(Kind kind, String name) {
        return kind.label() + ":" + name;
    }
}
