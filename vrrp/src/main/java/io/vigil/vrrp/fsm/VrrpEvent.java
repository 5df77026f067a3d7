package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.util.Objects;

/** What can happen to an instance. Every event carries the loop's monotonic time in nanoseconds. */
public sealed interface VrrpEvent {

    long now();

    /** The daemon starts the instance (RFC: Startup). */
    record Startup(long now) implements VrrpEvent {
    }

    /** The daemon stops the instance (RFC: Shutdown): a MASTER sends priority 0 and releases the VIPs. */
    record Shutdown(long now) implements VrrpEvent {
    }

    /**
     * An advert that passed every receive check for this instance.
     *
     * @param priority       the advertised priority
     * @param intervalNanos  the advertised interval, converted to nanoseconds
     * @param source         the sender's address (its primary address, or its IPv6 link-local)
     */
    record AdvertReceived(long now, int priority, long intervalNanos, InetAddress source) implements VrrpEvent {
        public AdvertReceived {
            Objects.requireNonNull(source, "source");
            if (priority < 0 || priority > 255) {
                throw new IllegalArgumentException("priority " + priority);
            }
        }
    }

    /** Master_Down_Timer fired (only meaningful in BACKUP). */
    record MasterDownTimerExpired(long now) implements VrrpEvent {
    }

    /** Adver_Timer fired (only meaningful in MASTER). */
    record AdverTimerExpired(long now) implements VrrpEvent {
    }

    /** The first fault appeared (a tracked link went down, a weight-0 tracker failed, the sync group faulted). */
    record FaultRaised(long now) implements VrrpEvent {
    }

    /** The last fault cleared. */
    record FaultCleared(long now) implements VrrpEvent {
    }

    /** Tracking weights moved the effective priority (1-255). */
    record PriorityChanged(long now, int effectivePriority) implements VrrpEvent {
        public PriorityChanged {
            if (effectivePriority < 1 || effectivePriority > 255) {
                throw new IllegalArgumentException("effective priority " + effectivePriority);
            }
        }
    }

    /** Every member of the sync group wants MASTER: the members waiting for it take over. */
    record SyncGroupRelease(long now) implements VrrpEvent {
    }

    /** Another member of the sync group left MASTER: a MASTER member follows it to BACKUP. */
    record SyncGroupForceBackup(long now) implements VrrpEvent {
    }
}
