package io.vigil.core.port;

/**
 * What running scripts needs of the kernel beyond {@link ProcessBuilder}: a signal to a whole process group (a
 * script that timed out is killed with everything it spawned, double-forked children included) and the daemon's
 * real ids (to decide whether a script's user differs from the daemon's).
 */
public interface ProcessControl {

    int SIGTERM = 15;
    int SIGKILL = 9;

    /**
     * Sends {@code signal} to every process of group {@code pgid} ({@code kill(-pgid, signal)}).
     *
     * @return false when the group no longer exists
     * @throws IllegalArgumentException for a group id of 1 or less (that would signal init or every process)
     */
    boolean signalGroup(long pgid, int signal);

    /** The daemon's real user id. */
    int uid();

    /** The daemon's real group id. */
    int gid();
}
