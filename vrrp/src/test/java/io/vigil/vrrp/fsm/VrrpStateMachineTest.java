package io.vigil.vrrp.fsm;

import io.vigil.core.event.TransitionReason;
import io.vigil.core.event.VrrpState;

import static io.vigil.vrrp.fsm.InstanceState.NO_DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.InetAddresses;
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
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The state machine, event by event, against RFC 9568 §6.4 / RFC 3768 §6.4 and keepalived's documented extensions.
 * Time is a plain number: no clock, no sleeps.
 */
class VrrpStateMachineTest {

    static final long S = 1_000_000_000L;
    static final long T0 = 1_000 * S;
    static final InetAddress LOCAL = InetAddresses.parse("192.0.2.10");
    static final InetAddress HIGHER_ADDR = InetAddresses.parse("192.0.2.20");
    static final InetAddress LOWER_ADDR = InetAddresses.parse("192.0.2.5");

    static VrrpParams params(int version, int priority) {
        return new VrrpParams(version, priority, S, true, 0, false, LOCAL, false, false, false, 3, false);
    }

    /** A small driver: feeds events and keeps the last transition. */
    static final class Run {
        VrrpParams p;
        InstanceState s;
        Transition last;

        Run(VrrpParams p) {
            this.p = p;
            this.s = InstanceState.initial(p);
        }

        Transition on(VrrpEvent e) {
            last = VrrpStateMachine.step(p, s, e);
            s = last.next();
            return last;
        }

        Run started() {
            on(new Startup(T0));
            return this;
        }

        Run master() {
            started();
            on(new MasterDownTimerExpired(s.masterDownDeadline()));
            assertThat(s.state()).isEqualTo(VrrpState.MASTER);
            return this;
        }
    }

    static AdvertReceived advert(long now, int prio, InetAddress from) {
        return new AdvertReceived(now, prio, S, from);
    }

    static final List<VrrpAction> BECOME_MASTER_ACTIONS =
            List.of(new SendAdvert(100), new AddAddresses(), new StartAnnouncing());

    @Nested
    class Initialize {
        @Test
        void startupOfABackupArmsMasterDownIntervalExactly() {
            Run r = new Run(params(3, 100));
            Transition t = r.on(new Startup(T0));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(t.reason()).isEqualTo(TransitionReason.STARTUP);
            assertThat(t.actions()).isEmpty();
            assertThat(r.s.masterDownDeadline()).isEqualTo(T0 + 3_609_375_000L);
            assertThat(r.s.adverArmed()).isFalse();
        }

        @Test
        void ownerGoesStraightToMasterAdvertisingBeforeAddingAddresses() {
            Run r = new Run(params(3, 255));
            Transition t = r.on(new Startup(T0));
            assertThat(r.s.state()).isEqualTo(VrrpState.MASTER);
            assertThat(t.reason()).isEqualTo(TransitionReason.OWNER_STARTUP);
            assertThat(t.actions()).containsExactly(new SendAdvert(255), new AddAddresses(), new StartAnnouncing());
            assertThat(r.s.adverDeadline()).isEqualTo(T0 + S);
            assertThat(r.s.masterDownArmed()).isFalse();
        }

        @Test
        void stateMasterForANonOwnerWaitsOneIntervalPlusSkew() {
            VrrpParams p = new VrrpParams(3, 100, S, true, 0, true, LOCAL, false, false, false, 3, false);
            Run r = new Run(p);
            r.on(new Startup(T0));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(r.s.masterDownDeadline()).isEqualTo(T0 + S + 609_375_000L);
        }

        @Test
        void aFaultBeforeStartupStartsInFault() {
            Run r = new Run(params(3, 100));
            r.on(new FaultRaised(T0));
            Transition t = r.on(new Startup(T0));
            assertThat(r.s.state()).isEqualTo(VrrpState.FAULT);
            assertThat(t.reason()).isEqualTo(TransitionReason.FAULT);
            assertThat(r.s.masterDownArmed()).isFalse();
        }

        @Test
        void advertsAreNotProcessedInInitialize() {
            Run r = new Run(params(3, 100));
            Transition t = r.on(advert(T0, 200, HIGHER_ADDR));
            assertThat(r.s.state()).isEqualTo(VrrpState.INITIALIZE);
            assertThat(t.actions()).isEmpty();
            assertThat(t.note()).contains("ignored");
        }
    }

    @Nested
    class Backup {
        @Test
        void masterDownTimerMakesItMasterInKeepalivedsOrder() {
            Run r = new Run(params(3, 100)).started();
            long due = r.s.masterDownDeadline();
            Transition t = r.on(new MasterDownTimerExpired(due));
            assertThat(r.s.state()).isEqualTo(VrrpState.MASTER);
            assertThat(t.reason()).isEqualTo(TransitionReason.MASTER_DOWN_TIMER);
            assertThat(t.actions()).isEqualTo(BECOME_MASTER_ACTIONS);
            assertThat(r.s.masterDownArmed()).isFalse();
            assertThat(r.s.adverDeadline()).isEqualTo(due + S);
        }

        @Test
        void aTimerThatFiresEarlyOrTwiceChangesNothing() {
            Run r = new Run(params(3, 100)).started();
            Transition t = r.on(new MasterDownTimerExpired(r.s.masterDownDeadline() - 1));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(t.note()).contains("stale");
        }

        @Test
        void anAdvertFromTheMasterResetsTheTimer() {
            Run r = new Run(params(3, 100)).started();
            long now = T0 + 2 * S;
            r.on(advert(now, 150, HIGHER_ADDR));
            assertThat(r.s.masterDownDeadline()).isEqualTo(now + 3_609_375_000L);
            assertThat(r.s.masterAddress()).isEqualTo(HIGHER_ADDR);
            assertThat(r.s.masterPriority()).isEqualTo(150);
        }

        @Test
        void equalPriorityAdvertResetsTheTimerWithoutTieBreakInBackup() {
            Run r = new Run(params(3, 100)).started();
            long now = T0 + S;
            r.on(advert(now, 100, LOWER_ADDR));
            assertThat(r.s.masterDownDeadline()).isEqualTo(now + 3_609_375_000L);
        }

        @Test
        void v3BackupLearnsTheMastersInterval() {
            Run r = new Run(params(3, 100)).started();
            long now = T0 + S;
            r.on(new AdvertReceived(now, 200, 500_000_000L, HIGHER_ADDR));
            assertThat(r.s.masterAdverIntervalNanos()).isEqualTo(500_000_000L);
            assertThat(r.s.masterDownDeadline()).isEqualTo(now + 1_804_687_500L);
        }

        @Test
        void v2BackupLearnsNothing() {
            Run r = new Run(params(2, 100)).started();
            long now = T0 + S;
            r.on(new AdvertReceived(now, 200, 2 * S, HIGHER_ADDR));
            assertThat(r.s.masterDownDeadline()).isEqualTo(now + 3_609_375_000L);
        }

        @Test
        void priorityZeroMeansTakeOverAfterSkewOnly() {
            Run r = new Run(params(3, 100)).started();
            long now = T0 + S;
            r.on(advert(now, 0, HIGHER_ADDR));
            assertThat(r.s.masterDownDeadline()).isEqualTo(now + 609_375_000L);
            Transition t = r.on(new MasterDownTimerExpired(now + 609_375_000L));
            assertThat(r.s.state()).isEqualTo(VrrpState.MASTER);
            assertThat(t.reason()).isEqualTo(TransitionReason.PRIORITY_ZERO_RECEIVED);
        }

        @Test
        void withPreemptALowerPriorityAdvertIsDiscardedAndTheTimerKeepsRunning() {
            Run r = new Run(params(3, 100)).started();
            long deadline = r.s.masterDownDeadline();
            Transition t = r.on(advert(T0 + S, 50, HIGHER_ADDR));
            assertThat(r.s.masterDownDeadline()).isEqualTo(deadline);
            assertThat(t.note()).contains("discarded");
            Transition take = r.on(new MasterDownTimerExpired(deadline));
            assertThat(take.reason()).isEqualTo(TransitionReason.PREEMPTED);
            assertThat(r.s.state()).isEqualTo(VrrpState.MASTER);
        }

        @Test
        void withNopreemptALowerPriorityMasterIsAccepted() {
            VrrpParams p = new VrrpParams(3, 100, S, false, 0, false, LOCAL, false, false, false, 3, false);
            Run r = new Run(p).started();
            long now = T0 + S;
            r.on(advert(now, 50, HIGHER_ADDR));
            assertThat(r.s.masterDownDeadline()).isEqualTo(now + 3_609_375_000L);
        }

        @Test
        void preemptDelayAcceptsLowerPriorityUntilItRunsOut() {
            VrrpParams p = new VrrpParams(3, 100, S, true, 5 * S, false, LOCAL, false, false, false, 3, false);
            Run r = new Run(p).started();
            long t1 = T0 + S;
            r.on(advert(t1, 50, HIGHER_ADDR));
            assertThat(r.s.preemptDeadline()).isEqualTo(t1 + 5 * S);
            assertThat(r.s.masterDownDeadline()).isEqualTo(t1 + 3_609_375_000L);
            long t2 = t1 + 4 * S;
            r.on(advert(t2, 50, HIGHER_ADDR));
            assertThat(r.s.masterDownDeadline()).isEqualTo(t2 + 3_609_375_000L);
            assertThat(r.s.preemptDeadline()).isEqualTo(t1 + 5 * S);
            long t3 = t1 + 5 * S;
            long deadline = r.s.masterDownDeadline();
            Transition t = r.on(advert(t3, 50, HIGHER_ADDR));
            assertThat(t.note()).contains("discarded");
            assertThat(r.s.masterDownDeadline()).isEqualTo(deadline);
        }

        @Test
        void aHigherPriorityAdvertStopsThePreemptDelay() {
            VrrpParams p = new VrrpParams(3, 100, S, true, 5 * S, false, LOCAL, false, false, false, 3, false);
            Run r = new Run(p).started();
            r.on(advert(T0 + S, 50, HIGHER_ADDR));
            r.on(advert(T0 + 2 * S, 150, HIGHER_ADDR));
            assertThat(r.s.preemptDeadline()).isEqualTo(NO_DEADLINE);
        }

        @Test
        void downTimerAdvertsReplacesTheThree() {
            VrrpParams p = new VrrpParams(3, 100, S, true, 0, false, LOCAL, false, false, false, 5, false);
            Run r = new Run(p);
            r.on(new Startup(T0));
            assertThat(r.s.masterDownDeadline()).isEqualTo(T0 + 5 * S + 609_375_000L);
        }

        @Test
        void faultFromBackupSendsNothing() {
            Run r = new Run(params(3, 100)).started();
            Transition t = r.on(new FaultRaised(T0 + S));
            assertThat(r.s.state()).isEqualTo(VrrpState.FAULT);
            assertThat(t.actions()).isEmpty();
            assertThat(r.s.masterDownArmed()).isFalse();
        }

        @Test
        void shutdownFromBackupSendsNothing() {
            Run r = new Run(params(3, 100)).started();
            Transition t = r.on(new Shutdown(T0 + S));
            assertThat(r.s.state()).isEqualTo(VrrpState.INITIALIZE);
            assertThat(t.actions()).isEmpty();
            assertThat(t.reason()).isEqualTo(TransitionReason.SHUTDOWN);
        }

        @Test
        void aRaisedPriorityPreemptsAtTheNextTimeout() {
            Run r = new Run(params(3, 100)).started();
            r.on(advert(T0 + S, 150, HIGHER_ADDR));
            r.on(new PriorityChanged(T0 + S, 200));
            long deadline = r.s.masterDownDeadline();
            r.on(advert(T0 + 2 * S, 150, HIGHER_ADDR));
            assertThat(r.s.masterDownDeadline()).isEqualTo(deadline);
            assertThat(r.on(new MasterDownTimerExpired(deadline)).reason()).isEqualTo(TransitionReason.PREEMPTED);
        }
    }

    @Nested
    class Master {
        @Test
        void advertTimerSendsAndRearms() {
            Run r = new Run(params(3, 100)).master();
            long due = r.s.adverDeadline();
            Transition t = r.on(new AdverTimerExpired(due));
            assertThat(t.actions()).containsExactly(new SendAdvert(100));
            assertThat(r.s.adverDeadline()).isEqualTo(due + S);
        }

        @Test
        void higherPriorityAdvertMakesItBackupAndReleasesTheAddresses() {
            Run r = new Run(params(3, 100)).master();
            long now = r.s.adverDeadline() - 1;
            Transition t = r.on(new AdvertReceived(now, 150, 200_000_000L, LOWER_ADDR));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(t.reason()).isEqualTo(TransitionReason.HIGHER_PRIORITY_SEEN);
            assertThat(t.actions()).containsExactly(new StopAnnouncing(), new RemoveAddresses());
            assertThat(r.s.masterAdverIntervalNanos()).isEqualTo(200_000_000L);
            assertThat(r.s.masterDownDeadline())
                    .isEqualTo(now + VrrpTimers.masterDownIntervalNanos(3, 100, 200_000_000L, 3));
            assertThat(r.s.adverArmed()).isFalse();
        }

        @Test
        void equalPriorityFromAHigherAddressWinsTheTieBreak() {
            Run r = new Run(params(3, 100)).master();
            Transition t = r.on(advert(r.s.adverDeadline() - 1, 100, HIGHER_ADDR));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(t.reason()).isEqualTo(TransitionReason.HIGHER_PRIORITY_SEEN);
        }

        @Test
        void equalPriorityFromALowerAddressLosesAndGetsAnImmediateAdvert() {
            Run r = new Run(params(3, 100)).master();
            Transition t = r.on(advert(r.s.adverDeadline() - 1, 100, LOWER_ADDR));
            assertThat(r.s.state()).isEqualTo(VrrpState.MASTER);
            assertThat(t.actions()).containsExactly(new SendAdvert(100), new NotifyLowerPriorityMaster());
        }

        @Test
        void rfc9568AnswersALowerPriorityAdvertAtOnce() {
            Run r = new Run(params(3, 100)).master();
            Transition t = r.on(advert(r.s.adverDeadline() - 1, 50, HIGHER_ADDR));
            assertThat(r.s.state()).isEqualTo(VrrpState.MASTER);
            assertThat(t.actions()).startsWith(new SendAdvert(100));
        }

        @Test
        void lowerPrioNoAdvertKeepsThePre9568Silence() {
            VrrpParams p = new VrrpParams(3, 100, S, true, 0, false, LOCAL, true, false, false, 3, false);
            Run r = new Run(p).master();
            Transition t = r.on(advert(r.s.adverDeadline() - 1, 50, HIGHER_ADDR));
            assertThat(t.actions()).containsExactly(new NotifyLowerPriorityMaster());
        }

        @Test
        void lowerPriorityGarpRepeatReannouncesForSplitBrainHealing() {
            VrrpParams p = new VrrpParams(3, 100, S, true, 0, false, LOCAL, false, false, true, 3, false);
            Run r = new Run(p).master();
            Transition t = r.on(advert(r.s.adverDeadline() - 1, 50, HIGHER_ADDR));
            assertThat(t.actions()).containsExactly(new SendAdvert(100), new AnnounceAfterLowerPriority(),
                    new NotifyLowerPriorityMaster());
        }

        @Test
        void higherPrioSendAdvertSendsOneMoreAdvertBeforeYielding() {
            VrrpParams p = new VrrpParams(3, 100, S, true, 0, false, LOCAL, false, true, false, 3, false);
            Run r = new Run(p).master();
            Transition t = r.on(advert(r.s.adverDeadline() - 1, 150, HIGHER_ADDR));
            assertThat(t.actions()).containsExactly(new SendAdvert(100), new StopAnnouncing(),
                    new RemoveAddresses());
        }

        @Test
        void priorityZeroFromAStalePeerGetsAnImmediateAdvert() {
            Run r = new Run(params(3, 100)).master();
            long now = r.s.adverDeadline() - 100;
            Transition t = r.on(advert(now, 0, HIGHER_ADDR));
            assertThat(r.s.state()).isEqualTo(VrrpState.MASTER);
            assertThat(t.actions()).containsExactly(new SendAdvert(100));
            assertThat(r.s.adverDeadline()).isEqualTo(now + S);
        }

        @Test
        void shutdownSendsPriorityZeroThenReleases() {
            Run r = new Run(params(3, 100)).master();
            Transition t = r.on(new Shutdown(r.s.adverDeadline() - 1));
            assertThat(r.s.state()).isEqualTo(VrrpState.INITIALIZE);
            assertThat(t.actions()).containsExactly(new SendAdvert(0), new StopAnnouncing(), new RemoveAddresses());
            assertThat(r.s.adverArmed()).isFalse();
        }

        @Test
        void faultSendsPriorityZeroThenReleases() {
            Run r = new Run(params(3, 100)).master();
            Transition t = r.on(new FaultRaised(r.s.adverDeadline() - 1));
            assertThat(r.s.state()).isEqualTo(VrrpState.FAULT);
            assertThat(t.reason()).isEqualTo(TransitionReason.FAULT);
            assertThat(t.actions()).containsExactly(new SendAdvert(0), new StopAnnouncing(), new RemoveAddresses());
        }

        @Test
        void aLoweredPriorityIsAdvertisedAtOnce() {
            Run r = new Run(params(3, 100)).master();
            long now = r.s.adverDeadline() - 10;
            Transition t = r.on(new PriorityChanged(now, 80));
            assertThat(t.actions()).containsExactly(new SendAdvert(80));
            assertThat(r.s.effectivePriority()).isEqualTo(80);
            assertThat(r.s.adverDeadline()).isEqualTo(now + S);
        }

        @Test
        void ipv6TieBreakComparesLinkLocalAddressesUnsigned() {
            InetAddress local = InetAddresses.parse("fe80::a");
            InetAddress peer = InetAddresses.parse("fe80::8000:0:0:1");
            VrrpParams p = new VrrpParams(3, 100, S, true, 0, false, local, false, false, false, 3, false);
            Run r = new Run(p).master();
            r.on(advert(r.s.adverDeadline() - 1, 100, peer));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
        }
    }

    @Nested
    class Fault {
        @Test
        void advertsAreIgnoredAndNoTimerRuns() {
            Run r = new Run(params(3, 100)).started();
            r.on(new FaultRaised(T0));
            Transition t = r.on(advert(T0 + S, 200, HIGHER_ADDR));
            assertThat(r.s.state()).isEqualTo(VrrpState.FAULT);
            assertThat(t.actions()).isEmpty();
            assertThat(r.s.masterDownArmed()).isFalse();
        }

        @Test
        void recoveryGoesToBackupWithItsOwnIntervalAndAFullDownInterval() {
            Run r = new Run(params(3, 100)).started();
            r.on(new AdvertReceived(T0 + S, 200, 500_000_000L, HIGHER_ADDR));
            r.on(new FaultRaised(T0 + S));
            long now = T0 + 10 * S;
            Transition t = r.on(new FaultCleared(now));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(t.reason()).isEqualTo(TransitionReason.FAULT_CLEARED);
            assertThat(r.s.masterAdverIntervalNanos()).isEqualTo(S);
            assertThat(r.s.masterDownDeadline()).isEqualTo(now + 3_609_375_000L);
        }

        @Test
        void anOwnerRecoversAfterOneIntervalPlusSkew() {
            Run r = new Run(params(3, 255));
            r.on(new Startup(T0));
            r.on(new FaultRaised(T0 + S));
            long now = T0 + 2 * S;
            r.on(new FaultCleared(now));
            assertThat(r.s.masterDownDeadline()).isEqualTo(now + S + 3_906_250L);
        }
    }

    @Nested
    class SyncGroup {
        final VrrpParams grouped = new VrrpParams(3, 100, S, true, 0, false, LOCAL, false, false, false, 3, true);

        @Test
        void aMemberWaitsForTheGroupBeforeBecomingMaster() {
            Run r = new Run(grouped).started();
            Transition t = r.on(new MasterDownTimerExpired(r.s.masterDownDeadline()));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(r.s.wantMaster()).isTrue();
            assertThat(t.actions()).containsExactly(new RequestGroupMaster());
            Transition go = r.on(new SyncGroupRelease(T0 + 5 * S));
            assertThat(r.s.state()).isEqualTo(VrrpState.MASTER);
            assertThat(go.actions()).isEqualTo(BECOME_MASTER_ACTIONS);
        }

        @Test
        void anAdvertCancelsTheRequest() {
            Run r = new Run(grouped).started();
            r.on(new MasterDownTimerExpired(r.s.masterDownDeadline()));
            r.on(advert(T0 + 5 * S, 200, HIGHER_ADDR));
            assertThat(r.s.wantMaster()).isFalse();
            Transition t = r.on(new SyncGroupRelease(T0 + 5 * S));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(t.actions()).isEmpty();
        }

        @Test
        void aMasterMemberFollowsTheGroupToBackup() {
            Run r = new Run(grouped).started();
            r.on(new MasterDownTimerExpired(r.s.masterDownDeadline()));
            r.on(new SyncGroupRelease(T0 + 5 * S));
            Transition t = r.on(new SyncGroupForceBackup(T0 + 6 * S));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(t.reason()).isEqualTo(TransitionReason.SYNC_GROUP);
            assertThat(t.actions()).containsExactly(new StopAnnouncing(), new RemoveAddresses());
        }

        @Test
        void anOwnerInAGroupAsksTheGroupAtOnce() {
            VrrpParams owner = new VrrpParams(3, 255, S, true, 0, false, LOCAL, false, false, false, 3, true);
            Run r = new Run(owner);
            r.on(new Startup(T0));
            assertThat(r.s.state()).isEqualTo(VrrpState.BACKUP);
            assertThat(r.s.masterDownDeadline()).isEqualTo(T0);
            Transition t = r.on(new MasterDownTimerExpired(T0));
            assertThat(t.actions()).containsExactly(new RequestGroupMaster());
            assertThat(r.on(new SyncGroupRelease(T0)).reason()).isEqualTo(TransitionReason.OWNER_STARTUP);
        }
    }
}
