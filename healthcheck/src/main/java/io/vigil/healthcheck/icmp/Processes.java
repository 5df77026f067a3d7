package io.vigil.healthcheck.icmp;

/** Signals and ids the script runner needs and Java lacks: a signal to a whole process group, the real ids. */
public final class Processes {

    public static final int SIGTERM = 15;
    public static final int SIGKILL = 9;

    private Processes() {
    }

    /**
     * Sends {@code signal} to every process of group {@code pgid}.
     *
     * @return false when the group no longer exists
     */
    public static boolean killGroup(long pgid, int signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        int r = LibC.Holder.LIBC.kill((int) -pgid, signal);
        return r == 0;
    }

    public static int uid() {
        return LibC.Holder.LIBC.getuid();
    }

    public static int gid() {
        return LibC.Holder.LIBC.getgid();
    }
}
