package io.vigil.core.config;

import java.util.List;
import java.util.Objects;

/**
 * A {@code vrrp_track_process}: up while between {@code quorum} and {@code quorumMax} matching processes run.
 *
 * @param process        the process name (or full command line with {@code full_command})
 * @param parameters     parameters that must match too
 * @param quorumMax      {@code quorum_max}, or {@code null} for no maximum
 */
public record TrackProcessConfig(String name, String process, List<String> parameters, ParamMatch paramMatch,
                                 int weight, boolean reverse, int quorum, Integer quorumMax, long forkDelayNanos,
                                 long terminateDelayNanos, boolean fullCommand, SourceLocation location) {

    /** {@code param_match}: how the configured parameters match a process's. */
    public enum ParamMatch { EXACT, PARTIAL, INITIAL }

    public TrackProcessConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(paramMatch, "paramMatch");
        Objects.requireNonNull(location, "location");
        parameters = List.copyOf(parameters);
    }
}
