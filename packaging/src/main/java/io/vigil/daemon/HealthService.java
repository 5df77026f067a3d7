package io.vigil.daemon;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.event.TrackerState;
import io.vigil.healthcheck.config.HealthPlan;
import io.vigil.healthcheck.engine.EngineOptions;
import io.vigil.healthcheck.engine.EnginePorts;
import io.vigil.healthcheck.engine.HealthCheckEngine;
import io.vigil.healthcheck.engine.HealthListener;
import io.vigil.healthcheck.engine.RealServerHealthEvent;
import io.vigil.healthcheck.engine.RealServerStatus;
import io.vigil.healthcheck.engine.TrackerEvent;
import io.vigil.healthcheck.engine.TrackerStatus;
import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.model.RealServerKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's health checking: runs the {@link HealthCheckEngine} on a {@link HealthPlan}, hands tracker changes
 * to the VRRP side, keeps each real server's last change for {@code vigil status}, and exports
 * {@code vigil_realserver_up{virtual_server,real_server}} and {@code vigil_check_duration_seconds{checker}}.
 * Engine callbacks arrive on the engine's loop; what they touch here is thread-safe.
 */
final class HealthService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthService.class);
    static final String REALSERVER_UP = "vigil.realserver.up";
    static final String CHECK_DURATION = "vigil.check.duration";

    private volatile HealthPlan plan;
    private volatile Set<String> suspendedVirtualServers = Set.of();
    private final MeterRegistry registry;
    private final Consumer<TrackerState> trackers;
    private final Consumer<RealServerHealth> realServers;
    private final Instant started;
    /** When each checked server last changed (up/down or weight). */
    private final Map<RealServerKey, Instant> lastChange = new ConcurrentHashMap<>();
    /** 1 while up, per virtual server and real server; read by the gauges. */
    private final Map<String, AtomicInteger> upGauges = new ConcurrentHashMap<>();
    private final Map<CheckerKind, Timer> durations = new EnumMap<>(CheckerKind.class);
    private final Set<String> firstReadings = ConcurrentHashMap.newKeySet();
    private final CountDownLatch initialReadings;
    private final HealthCheckEngine engine;
    private final PingGroupRange pingRange;

    /**
     * Starts the engine and the trackers (not the real servers: {@link #startChecks}).
     *
     * @param ports    the kernel facilities the engine needs (ipvs-driver's implementations)
     * @param trackers receives every tracker change, on the engine's loop (hand it to the VRRP loop)
     * @param realServers receives every real server change, once per virtual server using it, on the engine's loop
     *                    (hand it to the datapath's loop)
     */
    HealthService(HealthPlan plan, EngineOptions options, EnginePorts ports, MeterRegistry registry,
                  Consumer<TrackerState> trackers, Consumer<RealServerHealth> realServers) {
        this.plan = plan;
        this.registry = registry;
        this.trackers = trackers;
        this.realServers = realServers;
        this.started = options.clock().instant();
        for (CheckerKind k : CheckerKind.values()) {
            durations.put(k, Timer.builder(CHECK_DURATION).description("duration of one health-check attempt")
                    .tag("checker", k.name()).serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5),
                            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
                            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
                            Duration.ofSeconds(10)).register(registry));
        }
        registerGauges(plan);
        Set<String> waitFor = new HashSet<>();
        plan.files().forEach(f -> waitFor.add(TrackerState.faultName(TrackerState.Kind.FILE, f.name())));
        plan.processes().forEach(p -> waitFor.add(TrackerState.faultName(TrackerState.Kind.PROCESS, p.name())));
        this.initialReadings = new CountDownLatch(waitFor.size());
        boolean pings = plan.targets().stream().flatMap(t -> t.checkers().stream())
                .anyMatch(c -> c.kind() == CheckerKind.PING_CHECK);
        this.pingRange = pings ? PingGroupRange.widen(PingGroupRange.SYSCTL) : null;
        this.engine = HealthCheckEngine.start(options, ports, new HealthListener() {
            @Override
            public void onRealServer(RealServerHealthEvent e) {
                realServerChanged(e);
            }

            @Override
            public void onTracker(TrackerEvent e) {
                TrackerState s = e.state();
                if (waitFor.contains(s.faultName()) && firstReadings.add(s.faultName())) {
                    initialReadings.countDown();
                }
                trackers.accept(s);
            }

            @Override
            public void onAttempt(CheckerKind kind, long durationNanos, boolean ok) {
                durations.get(kind).record(durationNanos, TimeUnit.NANOSECONDS);
            }
        });
        for (String w : plan.warnings()) {
            LOG.warn("{}", w);
        }
        engine.updateTrackers(plan.scripts(), plan.files(), plan.processes());
    }

    /**
     * Waits until every tracked file and process has been read once (they are local reads, a few milliseconds),
     * so that VRRP starts from their real values, as keepalived, which reads them before it starts.
     */
    void awaitFirstReadings(Duration max) throws InterruptedException {
        if (!initialReadings.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("tracked files or processes not read within {} ms: the instances tracking them wait",
                    max.toMillis());
        }
    }

    private void registerGauges(HealthPlan p) {
        for (RealServerHealth h : p.initial(started)) {
            upGauges.computeIfAbsent(gaugeKey(h), k -> {
                AtomicInteger v = new AtomicInteger(1);
                Gauge.builder(REALSERVER_UP, v, AtomicInteger::get).description("1 while the real server is up")
                        .tag("virtual_server", h.virtualServer()).tag("real_server", h.endpoint())
                        .register(registry);
                return v;
            });
        }
    }

    /**
     * A reloaded config: the engine diffs the targets (unchanged real servers keep their state and checks) and
     * the trackers; new real servers get their gauges.
     */
    void reload(HealthPlan now) {
        registerGauges(now);
        this.plan = now;
        for (String w : now.warnings()) {
            LOG.warn("{}", w);
        }
        engine.updateTrackers(now.scripts(), now.files(), now.processes());
        // before the update, so that new real servers of suspended virtual servers start suspended
        engine.suspend(suspendedKeys(now));
        engine.update(now.targets());
    }

    /**
     * Suspends the checks of the real servers used only by these virtual servers (keepalived's {@code ha_suspend}:
     * this director does not hold their address) and resumes the others'. Returns at once.
     */
    void suspend(Set<String> virtualServers) {
        suspendedVirtualServers = Set.copyOf(virtualServers);
        engine.suspend(suspendedKeys(plan));
    }

    private Set<RealServerKey> suspendedKeys(HealthPlan p) {
        Set<String> names = suspendedVirtualServers;
        Set<RealServerKey> keys = new HashSet<>();
        p.members().forEach((key, members) -> {
            if (!members.isEmpty() && members.stream().allMatch(m -> names.contains(m.virtualServer()))) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** Starts checking the real servers. */
    void startChecks() {
        engine.update(plan.targets());
        LOG.info("health checks started: {} real server(s) checked for {} virtual server entr(ies), {} tracker(s)",
                plan.targets().size(), plan.members().values().stream().mapToInt(List::size).sum(),
                plan.scripts().size() + plan.files().size() + plan.processes().size());
    }

    private void realServerChanged(RealServerHealthEvent e) {
        lastChange.put(e.key(), e.at());
        for (RealServerHealth h : plan.fanOut(e)) {
            AtomicInteger g = upGauges.get(gaugeKey(h));
            if (g != null) {
                g.set(h.up() ? 1 : 0);
            }
            realServers.accept(h);
        }
    }

    private static String gaugeKey(RealServerHealth h) {
        return h.virtualServer() + " " + h.endpoint();
    }

    /** Every virtual server's real servers, as they are now, with their checkers. */
    List<StatusReport.Line> realServers() {
        List<StatusReport.Line> out = new ArrayList<>();
        for (RealServerStatus s : engine.status()) {
            Instant since = lastChange.getOrDefault(s.key(), started);
            for (RealServerHealth h : plan.fanOut(s, since)) {
                out.add(new StatusReport.Line(h, s.checkers()));
            }
        }
        return out;
    }

    List<TrackerStatus> trackers() {
        return engine.trackerStatus();
    }

    @Override
    public void close() {
        engine.close();
        if (pingRange != null) {
            pingRange.close();
        }
    }
}
