package io.vigil.vrrp.fsm;

import io.vigil.core.config.VrrpInstanceConfig;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What the state machine needs to know about its instance. Everything in nanoseconds.
 *
 * @param version                  2 or 3
 * @param basePriority             configured priority (255: address owner)
 * @param advertIntervalNanos      this router's Advertisement_Interval
 * @param preempt                  Preempt_Mode ({@code nopreempt} makes it false)
 * @param preemptDelayNanos        keepalived's {@code preempt_delay} (0: none)
 * @param startAsMaster            {@code state MASTER}: a non-owner waits one interval plus skew, not the full
 *                                 Master_Down_Interval, before taking over at start-up (keepalived)
 * @param primaryAddress           this router's advert source, for the equal-priority tie-break
 * @param lowerPriorityNoAdvert    a MASTER does not answer a lower-priority advert (pre-RFC 9568 behaviour)
 * @param higherPrioritySendAdvert a MASTER sends one more advert before yielding to a higher priority
 * @param announceOnLowerPriority  a MASTER re-announces its VIPs (GARP/NA) after a lower-priority advert
 * @param downTimerAdverts         adverts missed before the master is declared down (3 in the RFCs)
 * @param syncGroupMember          the instance belongs to a sync group: it asks the group before becoming MASTER
 */
public record VrrpParams(int version, int basePriority, long advertIntervalNanos, boolean preempt,
                         long preemptDelayNanos, boolean startAsMaster, InetAddress primaryAddress,
                         boolean lowerPriorityNoAdvert, boolean higherPrioritySendAdvert,
                         boolean announceOnLowerPriority, int downTimerAdverts, boolean syncGroupMember) {

    public VrrpParams {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version " + version);
        }
        if (basePriority < 1 || basePriority > 255) {
            throw new IllegalArgumentException("priority " + basePriority);
        }
        if (advertIntervalNanos <= 0 || preemptDelayNanos < 0 || downTimerAdverts < 1) {
            throw new IllegalArgumentException("bad timer parameter");
        }
        Objects.requireNonNull(primaryAddress, "primaryAddress");
    }

    /** Parameters of a configured instance, with the address it sends from. */
    public static VrrpParams of(VrrpInstanceConfig c, InetAddress primaryAddress, boolean syncGroupMember) {
        return new VrrpParams(c.version(), c.priority(), c.advertIntervalNanos(), c.preempt(), c.preemptDelayNanos(),
                c.initialState() == VrrpInstanceConfig.InitialState.MASTER, primaryAddress,
                c.lowerPriorityNoAdvert(), c.higherPrioritySendAdvert(), c.garp().lowerPriorityRepeat() > 0,
                c.downTimerAdverts(), syncGroupMember);
    }

    public boolean isOwner() {
        return basePriority == 255;
    }

    /** The same parameters with another Preempt_Mode (the runtime's preemption hold). */
    public VrrpParams withPreempt(boolean mode) {
        return new VrrpParams(version, basePriority, advertIntervalNanos, mode, preemptDelayNanos, startAsMaster,
                primaryAddress, lowerPriorityNoAdvert, higherPrioritySendAdvert, announceOnLowerPriority,
                downTimerAdverts, syncGroupMember);
    }

    public VrrpParams withPrimaryAddress(InetAddress address) {
        return new VrrpParams(version, basePriority, advertIntervalNanos, preempt, preemptDelayNanos, startAsMaster,
                address, lowerPriorityNoAdvert, higherPrioritySendAdvert, announceOnLowerPriority, downTimerAdverts,
                syncGroupMember);
    }
}
