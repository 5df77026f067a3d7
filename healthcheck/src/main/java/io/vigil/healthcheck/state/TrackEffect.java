package io.vigil.healthcheck.state;

/**
 * What a tracked script, file or process does to a VRRP instance that tracks it, as keepalived defines it: a
 * priority change, or FAULT. The lead's VRRP wiring applies it with the instance's own weight override.
 *
 * @param priorityDelta added to the instance's base priority
 * @param fault the instance must go to FAULT
 */
public record TrackEffect(int priorityDelta, boolean fault) {

    public static final TrackEffect NONE = new TrackEffect(0, false);

    /**
     * A script or process: weight 0 means FAULT while KO; a positive weight is added while OK; a negative weight
     * is added (subtracted) while KO. {@code reverse} swaps the meaning of OK and KO (so {@code weight 0 reverse}
     * means FAULT while OK).
     */
    public static TrackEffect ofStatus(boolean ok, int weight, boolean reverse) {
        boolean good = ok != reverse;
        if (weight == 0) {
            return good ? NONE : new TrackEffect(0, true);
        }
        if (weight > 0) {
            return good ? new TrackEffect(weight, false) : NONE;
        }
        return good ? NONE : new TrackEffect(weight, false);
    }

    /**
     * A tracked file: with weight 0, a non-zero value means FAULT; otherwise value times weight (negated with
     * {@code reverse}) is added, and a result below -253 means FAULT.
     */
    public static TrackEffect ofFile(long value, int weight, boolean reverse) {
        if (weight == 0) {
            return (value != 0) != reverse ? new TrackEffect(0, true) : NONE;
        }
        long r = value * weight * (reverse ? -1 : 1);
        if (r < -253) {
            return new TrackEffect(0, true);
        }
        return new TrackEffect((int) Math.min(r, 253), false);
    }
}
