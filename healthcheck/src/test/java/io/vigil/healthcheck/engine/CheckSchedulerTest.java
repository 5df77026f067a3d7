package io.vigil.healthcheck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.loop.ManualEventLoop;
import io.vigil.healthcheck.model.CheckTiming;
import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.TcpCheck;
import io.vigil.healthcheck.model.ConnectOptions;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.VrrpScript;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.core.event.TrackerState;
import io.vigil.healthcheck.state.Reason;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckSchedulerTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private ManualEventLoop loop;
    private FakeProbes probes;
    private final List<RealServerHealthEvent> events = new ArrayList<>();
    private final List<TrackerEvent> trackerEvents = new ArrayList<>();
    private CheckScheduler scheduler;

    @BeforeEach
    void setUp() {
        loop = new ManualEventLoop(0);
        probes = new FakeProbes(loop, 5 * MS);
        scheduler = new CheckScheduler(loop, probes, new HealthListener() {
            @Override
            public void onRealServer(RealServerHealthEvent e) {
                events.add(e);
            }

            @Override
            public void onTracker(TrackerEvent e) {
                trackerEvents.add(e);
            }
        }, new SplittableRandom(7), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
                Duration.ofSeconds(1));
    }

    private static RealServerKey key(int i) {
        try {
            return new RealServerKey("vs1", InetAddress.getByName("192.0.2." + i), 80);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TcpCheck tcp(CheckTiming t) {
        return new TcpCheck(ConnectOptions.DEFAULT, t);
    }

    private static CheckTiming timing() {
        return CheckTiming.defaults(CheckerKind.TCP_CHECK, Duration.ofSeconds(2)).withRetry(1)
                .withDelayBeforeRetry(Duration.ofMillis(500)).withWarmup(Duration.ZERO);
    }

    @Test
    void reportsTheInitialStateThenDownAfterRetryThenRecovery() {
        scheduler.update(List.of(RealServerTarget.of(key(1), tcp(timing()))));
        assertThat(events).hasSize(1);
        assertThat(events.get(0).up()).isTrue();
        assertThat(events.get(0).reason()).isEqualTo(Reason.NOT_CHECKED);
        assertThat(events.get(0).at()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));

        loop.advance(10 * MS); // first attempt at 0 (warmup 0), answered at 5 ms: OK, no event
        assertThat(events).hasSize(1);
        assertThat(scheduler.status().get(0).reason()).isEqualTo(Reason.OK);

        probes.set(key(1).toString(), ProbeResult.fail(Reason.REFUSED, "connect: Connection refused"));
        loop.advance(2 * S); // attempt at 2.005 s fails: retry pending, still up
        assertThat(events).hasSize(1);
        assertThat(scheduler.status().get(0).checkers().get(0).retryIt()).isEqualTo(1);
        loop.advance(510 * MS); // retry at 2.510 s fails at 2.515 s: down
        assertThat(events).hasSize(2);
        RealServerHealthEvent down = events.get(1);
        assertThat(down.up()).isFalse();
        assertThat(down.weight()).isZero();
        assertThat(down.reason()).isEqualTo(Reason.REFUSED);
        assertThat(down.detail()).isEqualTo("TCP_CHECK: connect: Connection refused");
        assertThat(down.monotonicNanos()).isEqualTo(2515 * MS);
        assertThat(probes.starts(key(1).toString())).containsExactly(0L, 2005 * MS, 2510 * MS);

        probes.set(key(1).toString(), ProbeResult.ok("back"));
        loop.advance(2 * S); // next attempt delay_loop after the failure: up again
        assertThat(events).hasSize(3);
        assertThat(events.get(2).up()).isTrue();
        assertThat(events.get(2).weight()).isEqualTo(1);
    }

    @Test
    void alphaStartsDownAndComesUpOnTheFirstSuccess() {
        scheduler.update(List.of(RealServerTarget.of(key(1), tcp(timing().withAlpha(true)))));
        assertThat(events.get(0).up()).isFalse();
        assertThat(events.get(0).reason()).isEqualTo(Reason.ALPHA);
        loop.advance(10 * MS);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).up()).isTrue();
    }

    @Test
    void everyCheckerMustPassAndInhibitIsCarried() {
        RealServerTarget t = new RealServerTarget(key(1), 7, true, List.of(tcp(timing().withRetry(0)),
                tcp(timing().withRetry(0))));
        scheduler.update(List.of(t));
        probes.set(key(1).toString(), ProbeResult.fail(Reason.TIMEOUT, "no answer"));
        loop.advance(10 * MS);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).up()).isFalse();
        assertThat(events.get(1).inhibitOnFailure()).isTrue();
        assertThat(scheduler.status().get(0).checkers()).extracting(CheckerStatus::up).containsExactly(false, false);
    }

    @Test
    void warmupSpreadsFirstAttemptsOverTheWindow() {
        List<RealServerTarget> targets = new ArrayList<>();
        CheckTiming t = timing().withWarmup(Duration.ofSeconds(2));
        for (int i = 1; i <= 200; i++) {
            targets.add(RealServerTarget.of(key(i), tcp(t)));
        }
        scheduler.update(targets);
        loop.advance(2 * S);
        int[] buckets = new int[4];
        for (int i = 1; i <= 200; i++) {
            long first = probes.starts(key(i).toString()).get(0);
            assertThat(first).isBetween(0L, 2 * S);
            buckets[(int) (first / (500 * MS))]++;
        }
        for (int b : buckets) {
            assertThat(b).as("attempts per 500 ms of warmup").isBetween(25, 75);
        }
    }

    @Test
    void updateKeepsUnchangedServersRestartsChangedOnesAndStopsRemovedOnes() {
        RealServerTarget a = RealServerTarget.of(key(1), tcp(timing()));
        RealServerTarget b = RealServerTarget.of(key(2), tcp(timing()));
        scheduler.update(List.of(a, b));
        probes.set(key(1).toString(), ProbeResult.fail(Reason.REFUSED, "x"));
        loop.advance(3 * S); // a: fail at 0.005, retry fails at 0.51: down
        int before = events.size();
        assertThat(scheduler.status().get(0).up()).isFalse();

        RealServerTarget b2 = new RealServerTarget(key(2), 9, false, b.checkers());
        scheduler.update(List.of(a, b2));
        // a kept its state without a new event; b restarted with weight 9 (initial event)
        assertThat(events).hasSize(before + 1);
        assertThat(events.get(before).key()).isEqualTo(key(2));
        assertThat(events.get(before).weight()).isEqualTo(9);
        assertThat(scheduler.status().get(0).up()).isFalse();

        scheduler.update(List.of(b2));
        assertThat(scheduler.size()).isEqualTo(1);
        int attemptsOfA = probes.starts(key(1).toString()).size();
        loop.advance(10 * S);
        assertThat(probes.starts(key(1).toString())).hasSize(attemptsOfA);
        assertThatThrownBy(() -> scheduler.update(List.of(b2, b2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void suspendedServersAreNotCheckedKeepTheirStateAndAreCheckedAtOnceOnResume() {
        RealServerTarget a = RealServerTarget.of(key(1), tcp(timing()));
        RealServerTarget b = RealServerTarget.of(key(2), tcp(timing()));
        scheduler.update(List.of(a, b));
        loop.advance(10 * MS); // both checked once at 0: OK
        assertThat(scheduler.suspend(java.util.Set.of(key(1)))).isEqualTo(1);
        probes.set(key(1).toString(), ProbeResult.fail(Reason.REFUSED, "x"));
        loop.advance(20 * S); // a: the attempt scheduled at 2.005 s finds it suspended; b goes on
        assertThat(probes.starts(key(1).toString())).containsExactly(0L);
        assertThat(probes.starts(key(2).toString())).hasSizeGreaterThan(5);
        assertThat(events).hasSize(2); // the two initial events: a is still up, nothing was checked
        assertThat(scheduler.status().get(0).up()).isTrue();

        long resumed = loop.nanoTime();
        assertThat(scheduler.suspend(java.util.Set.of())).isZero();
        loop.advance(1 * MS);
        assertThat(probes.starts(key(1).toString())).containsExactly(0L, resumed); // at once, not a delay_loop later
        loop.advance(600 * MS); // fails, retry after 500 ms fails: down
        assertThat(events).hasSize(3);
        assertThat(events.get(2).key()).isEqualTo(key(1));
        assertThat(events.get(2).up()).isFalse();
    }

    @Test
    void aServerAddedWhileItsKeyIsSuspendedStartsSuspended() {
        scheduler.suspend(java.util.Set.of(key(3)));
        scheduler.update(List.of(RealServerTarget.of(key(3), tcp(timing()))));
        loop.advance(10 * S);
        assertThat(probes.starts(key(3).toString())).isEmpty();
        assertThat(events).hasSize(1); // its initial state only
        scheduler.suspend(java.util.Set.of());
        loop.advance(1 * MS);
        assertThat(probes.starts(key(3).toString())).hasSize(1);
    }

    @Test
    void aStoppedServerIgnoresTheAttemptInFlight() {
        scheduler.update(List.of(RealServerTarget.of(key(1), tcp(timing()))));
        loop.advance(1 * MS); // attempt started, answer due at 5 ms
        scheduler.update(List.of());
        assertThat(probes.cancelled).isEqualTo(1);
        loop.advance(10 * MS);
        assertThat(events).hasSize(1);
    }

    @Test
    void scriptTrackerAppliesRiseAndFall() {
        VrrpScript s = VrrpScript.of("chk", "/bin/true").withRiseFall(2, 2).withWeight(-20, false);
        probes.set("chk", ProbeResult.ok("exit 0"));
        scheduler.updateTrackers(List.of(s), List.of(), List.of());
        assertThat(trackerEvents).as("nothing before the first run").isEmpty();
        loop.advance(10 * MS);
        assertThat(trackerEvents).hasSize(1);
        assertThat(trackerEvents.get(0).ok()).isTrue();
        probes.set("chk", ProbeResult.fail(Reason.SCRIPT_EXIT, "exit 1"));
        loop.advance(2 * S + 10 * MS); // 2 failures (t=1.010, 2.015)
        assertThat(trackerEvents).hasSize(2);
        assertThat(trackerEvents.get(1).ok()).isFalse();
        assertThat(trackerEvents.get(1).state()).isEqualTo(new TrackerState(TrackerState.Kind.SCRIPT, "chk", false,
                0, "exit 1"));
        assertThat(trackerEvents.get(1).reason()).isEqualTo(Reason.SCRIPT_EXIT);
        probes.set("chk", ProbeResult.ok("exit 0"));
        loop.advance(1 * S);
        assertThat(trackerEvents).hasSize(2);
        loop.advance(1 * S + 20 * MS);
        assertThat(trackerEvents).hasSize(3);
        assertThat(trackerEvents.get(2).ok()).isTrue();
    }

    @Test
    void fileAndProcessTrackersReportTheirFirstReadingAndChanges() {
        TrackFile f = TrackFile.of("f", Path.of("/nonexistent")); // the fake answers, the path is not read
        TrackProcess p = TrackProcess.of("p", "haproxy").withQuorum(2, 3);
        probes.set("f", ProbeResult.okWithWeight("holds 5", 5));
        probes.set("p", ProbeResult.okWithWeight("1 process", 1));
        scheduler.updateTrackers(List.of(), List.of(f), List.of(p));
        loop.advance(10 * MS);
        assertThat(trackerEvents).extracting(TrackerEvent::name).containsExactlyInAnyOrder("f", "p");
        TrackerEvent fe = trackerEvents.stream().filter(e -> e.name().equals("f")).findFirst().orElseThrow();
        assertThat(fe.value()).isEqualTo(5);
        assertThat(fe.ok()).isTrue();
        TrackerEvent pe = trackerEvents.stream().filter(e -> e.name().equals("p")).findFirst().orElseThrow();
        assertThat(pe.ok()).isFalse();
        assertThat(pe.reason()).isEqualTo(Reason.PROCESS_QUORUM);
        probes.set("p", ProbeResult.okWithWeight("2 processes", 2));
        loop.advance(1 * S);
        assertThat(trackerEvents.get(trackerEvents.size() - 1).ok()).isTrue();
        assertThat(scheduler.trackerStatus()).hasSize(2);
    }
}
