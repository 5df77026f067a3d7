package io.vigil.healthcheck.state;

/**
 * The debounce of a {@code vrrp_track_process}: the raw status (count within [quorum, quorum_max]) must hold for
 * {@code fork_delay} before OK and for {@code terminate_delay} before KO, so a reload (stop, start) does not
 * bounce the instance.
 *
 * @param ok the debounced status
 * @param pendingSinceNanos when the raw status started to differ from {@code ok}, or -1
 */
public record ProcessQuorum(boolean ok, long pendingSinceNanos) {

    /** The start state: keepalived takes the first scan as it is. */
    public static ProcessQuorum initial(boolean rawOk) {
        return new ProcessQuorum(rawOk, -1);
    }

    /** Applies one scan made at {@code nowNanos}. */
    public ProcessQuorum next(boolean rawOk, long nowNanos, long forkDelayNanos, long terminateDelayNanos) {
        if (rawOk == ok) {
            return pendingSinceNanos < 0 ? this : new ProcessQuorum(ok, -1);
        }
        long since = pendingSinceNanos < 0 ? nowNanos : pendingSinceNanos;
        long delay = rawOk ? forkDelayNanos : terminateDelayNanos;
        return nowNanos - since >= delay ? new ProcessQuorum(rawOk, -1) : new ProcessQuorum(ok, since);
    }
}
