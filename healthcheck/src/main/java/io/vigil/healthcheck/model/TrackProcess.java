package io.vigil.healthcheck.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code vrrp_track_process NAME}: OK while the number of matching processes is within [quorum, quorum_max].
 * Matching is exact, as keepalived's: the process name ({@code /proc/PID/comm}) unless parameters or
 * {@code full_command} are given, then the command line ({@code /proc/PID/cmdline}).
 *
 * @param process {@code process}: the command and optional parameters
 * @param paramMatch {@code param_match}: null (exact), "initial" or "partial"
 * @param weight {@code weight} (default 1)
 * @param quorum {@code quorum} (default 1)
 * @param quorumMax {@code quorum_max} (default unlimited: {@link Integer#MAX_VALUE})
 * @param forkDelay {@code fork_delay}: quorum must hold this long before OK
 * @param terminateDelay {@code terminate_delay}: quorum must be lost this long before KO
 * @param fullCommand {@code full_command}
 */
public record TrackProcess(String name, List<String> process, String paramMatch, int weight, boolean reverse,
        int quorum, int quorumMax, Duration forkDelay, Duration terminateDelay, boolean fullCommand) {

    public TrackProcess {
        Objects.requireNonNull(name, "name");
        process = List.copyOf(process);
        if (process.isEmpty()) {
            throw new IllegalArgumentException("vrrp_track_process " + name + " needs a process");
        }
        if (paramMatch != null && !paramMatch.equals("initial") && !paramMatch.equals("partial")) {
            throw new IllegalArgumentException("param_match must be initial or partial: " + paramMatch);
        }
        if (weight < -254 || weight > 254) {
            throw new IllegalArgumentException("track_process weight must be in -254..254: " + weight);
        }
        if (quorum < 0 || quorumMax < quorum) {
            throw new IllegalArgumentException("invalid quorum " + quorum + ".." + quorumMax);
        }
        CheckTiming.nonNegative(forkDelay, "fork_delay");
        CheckTiming.nonNegative(terminateDelay, "terminate_delay");
    }

    public static TrackProcess of(String name, String processName) {
        return new TrackProcess(name, List.of(processName), null, 1, false, 1, Integer.MAX_VALUE, Duration.ZERO,
                Duration.ZERO, false);
    }

    public TrackProcess withQuorum(int min, int max) {
        return new TrackProcess(name, process, paramMatch, weight, reverse, min, max, forkDelay, terminateDelay,
                fullCommand);
    }

    public TrackProcess withDelays(Duration fork, Duration terminate) {
        return new TrackProcess(name, process, paramMatch, weight, reverse, quorum, quorumMax, fork, terminate,
                fullCommand);
    }

    public TrackProcess withFullCommand(List<String> cmd, String match) {
        return new TrackProcess(name, cmd, match, weight, reverse, quorum, quorumMax, forkDelay, terminateDelay,
                true);
    }
}
