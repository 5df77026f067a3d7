package io.vigil.vrrp.fsm;

import io.vigil.core.event.TransitionReason;
import io.vigil.core.event.VrrpState;

import static io.vigil.vrrp.fsm.InstanceState.NO_DEADLINE;

import io.vigil.vrrp.fsm.VrrpAction.AddAddresses;
import io.vigil.vrrp.fsm.VrrpAction.AnnounceAfterLowerPriority;
import io.vigil.vrrp.fsm.VrrpAction.NotifyLowerPriorityMaster;
import io.vigil.vrrp.fsm.VrrpAction.RemoveAddresses;
import io.vigil.vrrp.fsm.VrrpAction.RequestGroupMaster;
import io.vigil.vrrp.fsm.VrrpAction.SendAdvert;
import io.vigil.vrrp.fsm.VrrpAction.StartAnnouncing;
import io.vigil.vrrp.fsm.VrrpAction.StopAnnouncing;
import io.vigil.vrrp.fsm.VrrpEvent.AdverTimerExpired;
import io.vigil.vrrp.fsm.VrrpEvent.AdvertReceived;
import io.vigil.vrrp.fsm.VrrpEvent.FaultCleared;
import io.vigil.vrrp.fsm.VrrpEvent.FaultRaised;
import io.vigil.vrrp.fsm.VrrpEvent.MasterDownTimerExpired;
import io.vigil.vrrp.fsm.VrrpEvent.PriorityChanged;
import io.vigil.vrrp.fsm.VrrpEvent.Shutdown;
import io.vigil.vrrp.fsm.VrrpEvent.Startup;
import io.vigil.vrrp.fsm.VrrpEvent.SyncGroupForceBackup;
import io.vigil.vrrp.fsm.VrrpEvent.SyncGroupRelease;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The VRRP state machine as a pure function: {@code (params, state, event) -> transition}. No clock, no I/O, no
 * mutable state; the runtime applies the actions and arms the timers the next state names.
 *
 * <p>Follows RFC 9568 §6.4 (and RFC 3768 §6.4 for v2), with keepalived's extensions where keepalived users expect
 * them: FAULT, {@code preempt_delay}, {@code state MASTER} for a non-owner, {@code lower_prio_no_advert},
 * {@code higher_prio_send_advert}, {@code down_timer_adverts}, sync groups. Events that cannot happen in a state
 * (a stale timer, an advert in FAULT) leave it unchanged, with a note.
 *
 * <p>Not modelled: keepalived's "rogue owner" back-off when two routers both claim priority 255; two owners are
 * resolved by the ordinary tie-break on the primary address (the lower address backs off, as erratum 8298 reads).
 */
public final class VrrpStateMachine {

    private VrrpStateMachine() {
    }

    /** One step. */
    public static Transition step(VrrpParams p, InstanceState s, VrrpEvent e) {
        return switch (s.state()) {
            case INITIALIZE -> initialize(p, s, e);
            case BACKUP -> backup(p, s, e);
            case MASTER -> master(p, s, e);
            case FAULT -> fault(p, s, e);
        };
    }

    // ---------------------------------------------------------------- Initialize (RFC 9568 §6.4.1)

    private static Transition initialize(VrrpParams p, InstanceState s, VrrpEvent e) {
        long now = e.now();
        if (e instanceof Startup) {
            if (s.faulted()) {
                return change(s.withState(VrrpState.FAULT).withTimers(NO_DEADLINE, NO_DEADLINE),
                        TransitionReason.FAULT, null);
            }
            if (p.isOwner() && s.effectivePriority() == 255 && !p.syncGroupMember()) {
                return becomeMaster(p, s, now, TransitionReason.OWNER_STARTUP);
            }
            InstanceState b = s.withState(VrrpState.BACKUP).withMasterAdverInterval(p.advertIntervalNanos())
                    .withWantMaster(false).withPreemptDeadline(NO_DEADLINE)
                    .withNextMasterReason(TransitionReason.MASTER_DOWN_TIMER);
            long wait;
            if (p.isOwner()) {
                // an owner inside a sync group asks the group at once
                wait = 0;
                b = b.withNextMasterReason(TransitionReason.OWNER_STARTUP);
            } else if (p.startAsMaster()) {
                // keepalived: one interval (plus skew) to be sure no other master is there
                wait = p.advertIntervalNanos() + skew(p, b);
            } else {
                wait = masterDownInterval(p, b);
            }
            return change(b.withTimers(now + wait, NO_DEADLINE), TransitionReason.STARTUP, null);
        }
        if (e instanceof FaultRaised) {
            return same(s.withFaulted(true), List.of(), null);
        }
        if (e instanceof FaultCleared) {
            return same(s.withFaulted(false), List.of(), null);
        }
        if (e instanceof PriorityChanged pc) {
            return same(s.withEffectivePriority(pc.effectivePriority()), List.of(), null);
        }
        return same(s, List.of(), "ignored in INITIALIZE: " + name(e));
    }

    // ---------------------------------------------------------------- Backup (RFC 9568 §6.4.2)

    private static Transition backup(VrrpParams p, InstanceState s, VrrpEvent e) {
        long now = e.now();
        if (e instanceof Shutdown) {
            return change(toInitialize(s), TransitionReason.SHUTDOWN, null);
        }
        if (e instanceof FaultRaised) {
            return change(s.withFaulted(true).withState(VrrpState.FAULT).withTimers(NO_DEADLINE, NO_DEADLINE)
                    .withWantMaster(false), TransitionReason.FAULT, null);
        }
        if (e instanceof FaultCleared) {
            return same(s.withFaulted(false), List.of(), null);
        }
        if (e instanceof PriorityChanged pc) {
            return same(s.withEffectivePriority(pc.effectivePriority()), List.of(), null);
        }
        if (e instanceof MasterDownTimerExpired) {
            if (!s.masterDownArmed() || now - s.masterDownDeadline() < 0) {
                return same(s, List.of(), "stale master-down timer");
            }
            if (p.syncGroupMember()) {
                return same(s.withWantMaster(true).withTimers(NO_DEADLINE, NO_DEADLINE),
                        List.of(new RequestGroupMaster()), "waiting for the sync group");
            }
            return becomeMaster(p, s, now, s.nextMasterReason());
        }
        if (e instanceof SyncGroupRelease) {
            if (!s.wantMaster()) {
                return same(s, List.of(), "sync group release without a request");
            }
            return becomeMaster(p, s, now, s.nextMasterReason());
        }
        if (e instanceof SyncGroupForceBackup) {
            return same(s, List.of(), null);
        }
        if (e instanceof AdvertReceived a) {
            if (a.priority() == 0) {
                // the master is leaving: take over after Skew_Time only
                InstanceState n = s.withNextMasterReason(TransitionReason.PRIORITY_ZERO_RECEIVED)
                        .withTimers(now + skew(p, s), NO_DEADLINE).withMaster(a.source(), 0);
                return same(n, List.of(), "priority 0 advert: master down in skew time");
            }
            boolean preemptDelayRunning = p.preemptDelayNanos() > 0
                    && (s.preemptDeadline() == NO_DEADLINE || now - s.preemptDeadline() < 0);
            if (!p.preempt() || a.priority() >= s.effectivePriority() || preemptDelayRunning) {
                InstanceState n = s;
                if (p.version() == 3) {
                    n = n.withMasterAdverInterval(a.intervalNanos());
                }
                if (p.preemptDelayNanos() > 0) {
                    if (a.priority() >= s.effectivePriority()) {
                        n = n.withPreemptDeadline(NO_DEADLINE);
                    } else if (s.preemptDeadline() == NO_DEADLINE) {
                        n = n.withPreemptDeadline(now + p.preemptDelayNanos());
                    }
                }
                n = n.withMaster(a.source(), a.priority()).withWantMaster(false)
                        .withNextMasterReason(TransitionReason.MASTER_DOWN_TIMER);
                n = n.withTimers(now + masterDownInterval(p, n), NO_DEADLINE);
                return same(n, List.of(), null);
            }
            // Preempt_Mode and a lower priority: discard, the timer keeps running and this router preempts
            InstanceState n = s.withMaster(a.source(), a.priority())
                    .withNextMasterReason(TransitionReason.PREEMPTED);
            return same(n, List.of(), "lower priority advert discarded: preempting");
        }
        return same(s, List.of(), "ignored in BACKUP: " + name(e));
    }

    // ---------------------------------------------------------------- Master (RFC 9568 §6.4.3)

    private static Transition master(VrrpParams p, InstanceState s, VrrpEvent e) {
        long now = e.now();
        if (e instanceof Shutdown) {
            return change(toInitialize(s), TransitionReason.SHUTDOWN, null,
                    new SendAdvert(0), new StopAnnouncing(), new RemoveAddresses());
        }
        if (e instanceof FaultRaised) {
            InstanceState n = s.withFaulted(true).withState(VrrpState.FAULT).withTimers(NO_DEADLINE, NO_DEADLINE)
                    .withMasterAdverInterval(p.advertIntervalNanos());
            return change(n, TransitionReason.FAULT, null,
                    new SendAdvert(0), new StopAnnouncing(), new RemoveAddresses());
        }
        if (e instanceof FaultCleared) {
            return same(s.withFaulted(false), List.of(), null);
        }
        if (e instanceof PriorityChanged pc) {
            InstanceState n = s.withEffectivePriority(pc.effectivePriority());
            if (pc.effectivePriority() < s.effectivePriority()) {
                // tell the backups now, so a higher one can preempt without waiting for the next advert
                return same(n.withTimers(NO_DEADLINE, now + p.advertIntervalNanos()),
                        List.of(new SendAdvert(pc.effectivePriority())), null);
            }
            return same(n, List.of(), null);
        }
        if (e instanceof AdverTimerExpired) {
            if (!s.adverArmed() || now - s.adverDeadline() < 0) {
                return same(s, List.of(), "stale advert timer");
            }
            return same(s.withTimers(NO_DEADLINE, now + p.advertIntervalNanos()),
                    List.of(new SendAdvert(s.effectivePriority())), null);
        }
        if (e instanceof SyncGroupForceBackup) {
            return toBackup(p, s, now, TransitionReason.SYNC_GROUP, null);
        }
        if (e instanceof SyncGroupRelease || e instanceof MasterDownTimerExpired) {
            return same(s, List.of(), "ignored in MASTER: " + name(e));
        }
        if (e instanceof AdvertReceived a) {
            if (a.priority() == 0) {
                // a stale master gave up: assert ourselves at once
                return same(s.withTimers(NO_DEADLINE, now + p.advertIntervalNanos()),
                        List.of(new SendAdvert(s.effectivePriority())), "priority 0 advert: re-advertising");
            }
            int cmp = compareAddresses(a.source(), p.primaryAddress());
            boolean theyWin = a.priority() > s.effectivePriority()
                    || (a.priority() == s.effectivePriority() && cmp > 0);
            if (theyWin) {
                InstanceState learned = p.version() == 3 ? s.withMasterAdverInterval(a.intervalNanos()) : s;
                learned = learned.withMaster(a.source(), a.priority());
                if (p.higherPrioritySendAdvert()) {
                    return toBackup(p, learned, now, TransitionReason.HIGHER_PRIORITY_SEEN,
                            new SendAdvert(s.effectivePriority()));
                }
                return toBackup(p, learned, now, TransitionReason.HIGHER_PRIORITY_SEEN, null);
            }
            if (a.priority() == s.effectivePriority() && cmp == 0) {
                return same(s, List.of(), "equal priority advert from our own address");
            }
            // a lower priority router thinks it is master: RFC 9568 asks for an immediate advert
            InstanceState n = s.withMaster(a.source(), a.priority());
            List<VrrpAction> actions = new java.util.ArrayList<>(3);
            if (!p.lowerPriorityNoAdvert()) {
                actions.add(new SendAdvert(s.effectivePriority()));
            }
            if (p.announceOnLowerPriority()) {
                actions.add(new AnnounceAfterLowerPriority());
            }
            actions.add(new NotifyLowerPriorityMaster());
            return same(n, actions, "lower priority advert from another master");
        }
        return same(s, List.of(), "ignored in MASTER: " + name(e));
    }

    // ---------------------------------------------------------------- Fault (keepalived)

    private static Transition fault(VrrpParams p, InstanceState s, VrrpEvent e) {
        long now = e.now();
        if (e instanceof Shutdown) {
            return change(toInitialize(s), TransitionReason.SHUTDOWN, null);
        }
        if (e instanceof FaultRaised) {
            return same(s.withFaulted(true), List.of(), null);
        }
        if (e instanceof PriorityChanged pc) {
            return same(s.withEffectivePriority(pc.effectivePriority()), List.of(), null);
        }
        if (e instanceof FaultCleared) {
            InstanceState b = s.withFaulted(false).withState(VrrpState.BACKUP)
                    .withMasterAdverInterval(p.advertIntervalNanos()).withPreemptDeadline(NO_DEADLINE)
                    .withWantMaster(false).withNextMasterReason(TransitionReason.MASTER_DOWN_TIMER);
            // keepalived: an owner that wants MASTER waits one interval plus skew, others a full interval
            long wait = p.isOwner() ? p.advertIntervalNanos() + skew(p, b) : masterDownInterval(p, b);
            return change(b.withTimers(now + wait, NO_DEADLINE), TransitionReason.FAULT_CLEARED, null);
        }
        return same(s, List.of(), "ignored in FAULT: " + name(e));
    }

    // ---------------------------------------------------------------- helpers

    private static Transition becomeMaster(VrrpParams p, InstanceState s, long now, TransitionReason reason) {
        InstanceState m = s.withState(VrrpState.MASTER).withWantMaster(false).withPreemptDeadline(NO_DEADLINE)
                .withMasterAdverInterval(p.advertIntervalNanos()).withMaster(p.primaryAddress(),
                        s.effectivePriority())
                .withTimers(NO_DEADLINE, now + p.advertIntervalNanos());
        // keepalived's order: advert first (so the old master drops the VIPs first), then addresses, then GARPs
        return change(m, reason, null, new SendAdvert(s.effectivePriority()), new AddAddresses(),
                new StartAnnouncing());
    }

    private static Transition toBackup(VrrpParams p, InstanceState s, long now, TransitionReason reason,
                                       VrrpAction first) {
        InstanceState b = s.withState(VrrpState.BACKUP).withPreemptDeadline(NO_DEADLINE).withWantMaster(false)
                .withNextMasterReason(TransitionReason.MASTER_DOWN_TIMER);
        b = b.withTimers(now + masterDownInterval(p, b), NO_DEADLINE);
        if (first != null) {
            return change(b, reason, null, first, new StopAnnouncing(), new RemoveAddresses());
        }
        return change(b, reason, null, new StopAnnouncing(), new RemoveAddresses());
    }

    private static InstanceState toInitialize(InstanceState s) {
        return s.withState(VrrpState.INITIALIZE).withTimers(NO_DEADLINE, NO_DEADLINE).withWantMaster(false)
                .withPreemptDeadline(NO_DEADLINE);
    }

    private static long skew(VrrpParams p, InstanceState s) {
        return VrrpTimers.skewNanos(p.version(), s.effectivePriority(), masterAdverInterval(p, s));
    }

    private static long masterDownInterval(VrrpParams p, InstanceState s) {
        return VrrpTimers.masterDownIntervalNanos(p.version(), s.effectivePriority(), masterAdverInterval(p, s),
                p.downTimerAdverts());
    }

    /** v2 has no learned interval: the local Advertisement_Interval is used. */
    private static long masterAdverInterval(VrrpParams p, InstanceState s) {
        return p.version() == 2 ? p.advertIntervalNanos() : s.masterAdverIntervalNanos();
    }

    /** Unsigned comparison in network byte order (RFC 9568 §6.4.3); addresses of another family sort lower. */
    static int compareAddresses(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        return Arrays.compareUnsigned(x, y);
    }

    private static Transition change(InstanceState n, TransitionReason reason, String note, VrrpAction... actions) {
        return new Transition(n, List.of(actions), reason, note);
    }

    private static Transition same(InstanceState n, List<VrrpAction> actions, String note) {
        return new Transition(n, actions, null, note);
    }

    private static String name(VrrpEvent e) {
        return e.getClass().getSimpleName();
    }
}
