package io.vigil.core.port;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link Datapath#apply} did: the changes it made (the difference between the desired state and the
 * kernel's table, nothing more), the drift it found (differences from what it had applied before, made by someone
 * else behind its back, now repaired), and the changes the kernel refused (the others were still made).
 *
 * @param changes  the changes made, in the order they were sent
 * @param drift    differences found between the kernel and what this datapath had left there, one line each
 * @param failures changes the kernel refused, with its reason
 */
public record ApplyResult(List<Change> changes, List<String> drift, List<Failure> failures) {

    public static final ApplyResult NOTHING = new ApplyResult(List.of(), List.of(), List.of());

    public ApplyResult {
        changes = List.copyOf(changes);
        drift = List.copyOf(drift);
        failures = List.copyOf(failures);
    }

    /** What kind of change. */
    public enum Kind { ADD_SERVICE, EDIT_SERVICE, DELETE_SERVICE, ADD_REAL_SERVER, EDIT_REAL_SERVER, DELETE_REAL_SERVER }

    /** One change: its kind and what it was about ({@code TCP 192.0.2.1:80 -> 198.51.100.10:80 weight 0}). */
    public record Change(Kind kind, String target) {
        public Change {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String toString() {
            return kind + " " + target;
        }
    }

    /**
     * A change the kernel refused.
     *
     * @param errno  the kernel's errno (0 when the refusal came without one)
     * @param reason the kernel's words
     */
    public record Failure(Change change, int errno, String reason) {
        @Override
        public String toString() {
            return change + ": " + reason;
        }
    }

    public boolean ok() {
        return failures.isEmpty();
    }

    public long count(Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).count();
    }
}
