package io.vigil.vrrp.fsm;

import io.vigil.core.event.TransitionReason;
import io.vigil.core.event.VrrpState;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The whole mutable state of one instance, as an immutable value: the state machine maps one of these (and an
 * event) to the next. Deadlines are monotonic nanoseconds; {@link #NO_DEADLINE} means the timer is not running.
 *
 * @param state                    INITIALIZE, BACKUP, MASTER or FAULT
 * @param effectivePriority        base priority moved by tracking weights
 * @param masterAdverIntervalNanos Master_Adver_Interval (v3: learned from the master's adverts)
 * @param masterDownDeadline       when Master_Down_Timer fires (BACKUP only)
 * @param adverDeadline            when Adver_Timer fires (MASTER only)
 * @param preemptDeadline          end of keepalived's preempt delay once started, else {@link #NO_DEADLINE}
 * @param nextMasterReason         why this backup will become MASTER if its timer fires now
 * @param wantMaster               a sync-group member whose timer fired, waiting for the group
 * @param faulted                  at least one fault is active
 * @param masterAddress            the last master heard (for status), or {@code null}
 * @param masterPriority           its priority, or 0
 */
public record InstanceState(VrrpState state, int effectivePriority, long masterAdverIntervalNanos,
                            long masterDownDeadline, long adverDeadline, long preemptDeadline,
                            TransitionReason nextMasterReason, boolean wantMaster, boolean faulted,
                            InetAddress masterAddress, int masterPriority) {

    /** A timer that is not running. */
    public static final long NO_DEADLINE = Long.MIN_VALUE;

    public InstanceState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextMasterReason, "nextMasterReason");
        if (effectivePriority < 1 || effectivePriority > 255) {
            throw new IllegalArgumentException("effective priority " + effectivePriority);
        }
    }

    /** The state before Startup. */
    public static InstanceState initial(VrrpParams p) {
        return new InstanceState(VrrpState.INITIALIZE, p.basePriority(), p.advertIntervalNanos(), NO_DEADLINE,
                NO_DEADLINE, NO_DEADLINE, TransitionReason.MASTER_DOWN_TIMER, false, false, null, 0);
    }

    public boolean masterDownArmed() {
        return masterDownDeadline != NO_DEADLINE;
    }

    public boolean adverArmed() {
        return adverDeadline != NO_DEADLINE;
    }

    // withers: the state machine builds each next state from the previous one

    InstanceState withState(VrrpState s) {
        return new InstanceState(s, effectivePriority, masterAdverIntervalNanos, masterDownDeadline, adverDeadline,
                preemptDeadline, nextMasterReason, wantMaster, faulted, masterAddress, masterPriority);
    }

    InstanceState withTimers(long masterDown, long adver) {
        return new InstanceState(state, effectivePriority, masterAdverIntervalNanos, masterDown, adver,
                preemptDeadline, nextMasterReason, wantMaster, faulted, masterAddress, masterPriority);
    }

    InstanceState withMasterAdverInterval(long nanos) {
        return new InstanceState(state, effectivePriority, nanos, masterDownDeadline, adverDeadline,
                preemptDeadline, nextMasterReason, wantMaster, faulted, masterAddress, masterPriority);
    }

    InstanceState withPreemptDeadline(long deadline) {
        return new InstanceState(state, effectivePriority, masterAdverIntervalNanos, masterDownDeadline,
                adverDeadline, deadline, nextMasterReason, wantMaster, faulted, masterAddress, masterPriority);
    }

    InstanceState withNextMasterReason(TransitionReason r) {
        return new InstanceState(state, effectivePriority, masterAdverIntervalNanos, masterDownDeadline,
                adverDeadline, preemptDeadline, r, wantMaster, faulted, masterAddress, masterPriority);
    }

    InstanceState withWantMaster(boolean w) {
        return new InstanceState(state, effectivePriority, masterAdverIntervalNanos, masterDownDeadline,
                adverDeadline, preemptDeadline, nextMasterReason, w, faulted, masterAddress, masterPriority);
    }

    InstanceState withFaulted(boolean f) {
        return new InstanceState(state, effectivePriority, masterAdverIntervalNanos, masterDownDeadline,
                adverDeadline, preemptDeadline, nextMasterReason, wantMaster, f, masterAddress, masterPriority);
    }

    InstanceState withMaster(InetAddress address, int priority) {
        return new InstanceState(state, effectivePriority, masterAdverIntervalNanos, masterDownDeadline,
                adverDeadline, preemptDeadline, nextMasterReason, wantMaster, faulted, address, priority);
    }

    InstanceState withEffectivePriority(int p) {
        return new InstanceState(state, p, masterAdverIntervalNanos, masterDownDeadline, adverDeadline,
                preemptDeadline, nextMasterReason, wantMaster, faulted, masterAddress, masterPriority);
    }
}
