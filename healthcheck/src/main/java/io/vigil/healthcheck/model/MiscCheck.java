package io.vigil.healthcheck.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code MISC_CHECK}: runs an external program off the event loop. Exit 0 is up, anything else down; with
 * {@code misc_dynamic}, 1 is down and 2..255 is up with real-server weight {@code exit - 2}. A program still
 * running after {@code misc_timeout} is killed with its whole process group and the check fails.
 *
 * @param command {@code misc_path}, split into words
 * @param timeout {@code misc_timeout}, or null for delay_loop (keepalived's default)
 * @param dynamic {@code misc_dynamic}
 * @param user {@code user}, or null for the global script_user
 */
public record MiscCheck(CheckTiming timing, List<String> command, Duration timeout, boolean dynamic,
        ScriptUser user) implements CheckerConfig {

    public MiscCheck {
        Objects.requireNonNull(timing, "timing");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("MISC_CHECK needs misc_path");
        }
        if (timeout != null) {
            CheckTiming.positive(timeout, "misc_timeout");
        }
    }

    /** A MISC_CHECK of this script line with keepalived's defaults. */
    public static MiscCheck of(String miscPath) {
        return new MiscCheck(CheckTiming.defaults(CheckerKind.MISC_CHECK), ScriptCommandLine.split(miscPath), null,
                false, null);
    }

    /** The effective time limit. */
    public Duration effectiveTimeout() {
        return timeout != null ? timeout : timing.delayLoop();
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.MISC_CHECK;
    }
}
