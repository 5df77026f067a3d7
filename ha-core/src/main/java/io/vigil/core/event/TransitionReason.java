package io.vigil.core.event;

import java.util.Locale;

/**
 * Why an instance changed state; the {@code reason} label of {@code vigil_vrrp_transitions_total}. Reasons for
 * becoming MASTER follow the VRRPv3 MIB's new-master reasons (RFC 6527): no response from the master, a priority 0
 * advert, or preemption of a lower-priority master.
 */
public enum TransitionReason {
    /** Initialize to BACKUP at start-up. */
    STARTUP,
    /** The address owner (priority 255) goes straight to MASTER at start-up. */
    OWNER_STARTUP,
    /** The master-down timer expired: no advert from the master for Master_Down_Interval. */
    MASTER_DOWN_TIMER,
    /** The master sent priority 0 (it is shutting down) and this backup took over after its skew time. */
    PRIORITY_ZERO_RECEIVED,
    /** This backup has a higher priority than the master it heard, and preempted it. */
    PREEMPTED,
    /** A MASTER heard an advert with a higher priority (or equal priority from a higher address). */
    HIGHER_PRIORITY_SEEN,
    /** A tracked interface or tracker failed. */
    FAULT,
    /** Every fault cleared. */
    FAULT_CLEARED,
    /** Another member of the sync group moved the group. */
    SYNC_GROUP,
    /** The daemon is stopping. */
    SHUTDOWN;

    /** The metric label: lowercase snake case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
