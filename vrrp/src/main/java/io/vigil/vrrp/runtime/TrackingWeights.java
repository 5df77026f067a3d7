package io.vigil.vrrp.runtime;

/**
 * keepalived's arithmetic of tracked objects (interfaces, scripts, processes, files), as pure functions; the
 * runtime sums the contributions onto the base priority and raises a fault for each object that asks for one.
 *
 * <p>keepalived (vrrp_track.c) gives each tracking entry a weight and a multiplier, -1 with {@code reverse}. An
 * object that is up adds {@code weight * multiplier} when the weight is positive; one that is down adds it when
 * the weight is negative; weight 0 means FAULT while the object is down ({@code reverse}: while it is up). So
 * {@code weight 10 reverse} takes 10 off while the object is up, and {@code weight -10 reverse} adds 10 while it is
 * down. A tracked file's value is multiplied in; with weight 0 a non-zero value means FAULT ({@code reverse}: a zero
 * one); a product of -254 or less means FAULT too.
 */
final class TrackingWeights {

    /** The lowest contribution of a file before it faults the instance (keepalived clamps to [-254, 253]). */
    static final int FILE_FAULT = -254;

    private TrackingWeights() {
    }

    /** What a weighted interface, script or process adds to the priority in this state. */
    static int contribution(boolean up, int weight, boolean reverse) {
        int m = reverse ? -1 : 1;
        if (up) {
            return weight > 0 ? weight * m : 0;
        }
        return weight < 0 ? weight * m : 0;
    }

    /** Whether an unweighted (weight 0) interface, script or process faults the instance in this state. */
    static boolean faults(boolean up, boolean reverse) {
        return up == reverse;
    }

    /**
     * A tracked file's effect: its value times the weight, clamped to [-254, 253], where -254 stands for FAULT;
     * with weight 0, FAULT ({@link #FILE_FAULT}) for a non-zero value ({@code reverse}: for zero), else 0.
     */
    static int file(long value, int weight, boolean reverse) {
        if (weight == 0) {
            return (value != 0) != reverse ? FILE_FAULT : 0;
        }
        long r = value * weight * (reverse ? -1L : 1L);
        return (int) Math.max(FILE_FAULT, Math.min(253, r));
    }
}
