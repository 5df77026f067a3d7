package io.vigil.core.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.config.LvsSettings;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VigilSettings;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.event.VrrpState;
import io.vigil.core.event.VrrpTransition;
import io.vigil.core.loop.EventLoop;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.notify.NotifyDispatcher;
import io.vigil.core.port.ApplyResult;
import io.vigil.core.port.ConnectionCount;
import io.vigil.core.port.Datapath;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine at run time, on one event loop: keeps what the desired datapath depends on (config, VRRP states, real
 * server health, drains), recomputes it with {@link DirectorEngine} after every change and applies only the
 * difference through the {@link Datapath}, as one logged step. A burst of changes (a sync group moving, a switch
 * failing and taking many real servers with it) costs one apply: changes only mark the state dirty, and the apply
 * runs once the loop has nothing more urgent ({@link EventLoop#executeWhenIdle}).
 *
 * <p>Also: start-up takes over what a crashed run left ({@link Datapath#adoptLeftovers}, with the {@link OwnershipFile});
 * a timer compares the datapath with the kernel and repairs drift ({@code vigil_datapath_repair_interval}); real
 * server and quorum notifications go to the {@link NotifyDispatcher}; drains are followed through the datapath's
 * connection counts; the IPVS sync daemons follow the {@code lvs_sync_daemon} instance; and with
 * {@code vigil_preempt_after_sync} preemption is held back (through {@link Hooks#holdPreemption}) until the
 * connection table has caught up ({@link SyncCatchUp}).
 *
 * <p>Metrics: {@code vigil_datapath_operations_total{kind,op,result}}, {@code vigil_datapath_drift_total{kind}},
 * {@code vigil_virtual_server_quorum_up{virtual_server}}, {@code vigil_preemption_held}.
 *
 * <p>Every method but the constructor runs on the loop.
 */
public final class EngineRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(EngineRuntime.class);
    public static final String OPERATIONS = "vigil.datapath.operations";
    public static final String DRIFT = "vigil.datapath.drift";
    public static final String QUORUM_UP = "vigil.virtual.server.quorum.up";
    public static final String PREEMPTION_HELD = "vigil.preemption.held";
    /** How often connections are counted while a drain or a sync catch-up runs. */
    static final long SAMPLE_NANOS = 1_000_000_000L;

    /** What the runtime asks of the parts of the daemon it does not own. Called on the engine's loop. */
    public interface Hooks {
        /**
         * Makes the IPVS connection-sync daemons those wanted ({@code lvs_sync_daemon}).
         *
         * @return what was done, one line each
         */
        default List<String> syncDaemons(boolean master, boolean backup) throws KernelException {
            return List.of();
        }

        /** Holds preemption back on every VRRP instance, or lets it go. */
        default void holdPreemption(boolean held) {
        }

        /**
         * The virtual servers (by {@link VirtualServerConfig#displayName()}) whose every service {@code ha_suspend}
         * leaves out now: their real servers need not be checked. Called when the set changes.
         */
        default void suspendChecks(Set<String> virtualServers) {
        }
    }

    private final EventLoop loop;
    private final Datapath datapath;
    private final MeterRegistry registry;
    private final NotifyDispatcher notify;
    private final OwnershipFile ownership;
    private final Hooks hooks;
    private final Clock clock;
    private final String kind;

    private VigilConfig config;
    private final Map<String, VrrpState> instances = new HashMap<>();
    private final Map<RealServerRef, RealServerHealth> health = new HashMap<>();
    private final List<DrainStatus> drains = new ArrayList<>();
    private EngineMemory memory = EngineMemory.EMPTY;
    private EngineResult last;
    private final Map<String, AtomicInteger> quorumGauges = new HashMap<>();
    private final Set<String> reportedProblems = new HashSet<>();
    private final List<String> causes = new ArrayList<>();
    private Set<String> lastFailures = Set.of();
    private String lastApplyError;
    private boolean scheduled;
    private boolean started;
    private boolean stopped;
    private EventLoop.Timer repairTimer;
    private EventLoop.Timer sampleTimer;
    private SyncCatchUp catchUp;
    private final AtomicInteger held = new AtomicInteger();
    private Boolean syncMaster;
    private long driftTotal;
    private Set<String> suspendedChecks = Set.of();

    /**
     * @param datapath  the forwarding plane, or {@code null} for none (the engine still computes quorums and
     *                  notifies)
     * @param notify    where real server and quorum notifications go, or {@code null}
     * @param ownership the file naming the services this run owns, or {@code null}
     */
    public EngineRuntime(EventLoop loop, Datapath datapath, MeterRegistry registry, NotifyDispatcher notify,
                         OwnershipFile ownership, Hooks hooks, Clock clock) {
        this.loop = loop;
        this.datapath = datapath;
        this.registry = registry;
        this.notify = notify;
        this.ownership = ownership;
        this.hooks = hooks;
        this.clock = clock;
        this.kind = datapath == null ? "none" : datapath.kind();
        Gauge.builder(PREEMPTION_HELD, held, AtomicInteger::get)
                .description("1 while preemption waits for the connection-sync daemon").register(registry);
        Counter.builder(DRIFT).description("differences found between the kernel and what vigil applied, repaired")
                .tag("kind", kind).register(registry);
    }

    /**
     * True when {@code config} asks to hold preemption at start-up on a datapath of {@code kind}: the daemon holds
     * it on the VRRP side before the first advert, and {@link #start} goes on from there.
     */
    public static boolean holdsPreemptionAtStart(VigilConfig config, String kind) {
        return config.globalDefs().vigil().holdsPreemption() && config.globalDefs().lvs().syncDaemon() != null
                && "ipvs".equals(kind);
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * First computation and apply: takes over what a crashed run left (reading the kernel), starts the sync daemons
     * and, with {@code vigil_preempt_after_sync}, the catch-up.
     */
    /**
     * A last step between the computed desired state and the datapath: the loop guard balances guarded services
     * on their fwmarks ({@code LoopGuard.guard}). Identity by default.
     */
    public void finishWith(java.util.function.UnaryOperator<DatapathState> step) {
        this.finish = java.util.Objects.requireNonNull(step);
    }

    private volatile java.util.function.UnaryOperator<DatapathState> finish = java.util.function.UnaryOperator.identity();

    public void start(VigilConfig first) {
        checkLoop();
        this.config = first;
        for (VrrpInstanceConfig i : first.vrrpInstances()) {
            instances.put(i.name(), VrrpState.INITIALIZE);
        }
        if (datapath != null) {
            try {
                Set<ServiceKey> previous = ownership == null ? Set.of() : ownership.read();
                for (String line : datapath.adoptLeftovers(previous)) {
                    LOG.info("datapath ({}): left by an earlier run: {}", kind, line);
                }
            } catch (IOException e) {
                LOG.warn("datapath ({}): cannot take over what an earlier run left: {}", kind, e.getMessage());
            }
        }
        started = true;
        causes.add("start");
        applyNow(Datapath.Read.KERNEL);
        scheduleRepair();
        LvsSettings.SyncDaemon sd = first.globalDefs().lvs().syncDaemon();
        if (sd != null) {
            if (!"ipvs".equals(kind)) {
                LOG.warn("lvs_sync_daemon needs the ipvs datapath, not {}: no sync daemon runs", kind);
            } else {
                followSyncInstance();
            }
        } else if (first.globalDefs().vigil().holdsPreemption()) {
            LOG.warn("vigil_preempt_after_sync without lvs_sync_daemon: preemption is not held");
        }
        if (holdsPreemptionAtStart(first, kind)) {
            VigilSettings v = first.globalDefs().vigil();
            catchUp = new SyncCatchUp(v.preemptAfterSyncNanos(), v.preemptAfterSyncMaxNanos());
            if (!syncInstanceMaster()) {
                beginCatchUp();
            }
        }
    }

    /**
     * The daemon stops: {@code omega} virtual servers notify, the services vigil owns leave the kernel, the sync
     * daemons stop.
     */
    public void stop() {
        checkLoop();
        if (!started || stopped) {
            return;
        }
        stopped = true;
        cancel(repairTimer);
        cancel(sampleTimer);
        EngineResult r = DirectorEngine.compute(input(true), memory);
        deliver(r.events());
        if (datapath != null) {
            try {
                ApplyResult a = datapath.apply(DatapathState.EMPTY);
                record(a, "stop");
                if (ownership != null && a.ok()) {
                    ownership.delete();
                }
            } catch (IOException e) {
                LOG.warn("datapath ({}): removing vigil's services at stop failed: {}", kind, e.getMessage());
            }
        }
        if (syncMaster != null) {
            try {
                hooks.syncDaemons(false, false).forEach(l -> LOG.info("sync daemon: {}", l));
            } catch (KernelException e) {
                LOG.warn("stopping the sync daemons failed: {}", e.getMessage());
            }
        }
    }

    /** SIGHUP: the new config; unchanged virtual servers keep their quorum and their real servers' state. */
    public void reload(VigilConfig now) {
        checkLoop();
        this.config = now;
        Set<String> names = new HashSet<>();
        for (VrrpInstanceConfig i : now.vrrpInstances()) {
            names.add(i.name());
            instances.putIfAbsent(i.name(), VrrpState.INITIALIZE);
        }
        instances.keySet().retainAll(names);
        Set<RealServerRef> known = new HashSet<>();
        for (VirtualServerConfig vs : now.virtualServers()) {
            for (RealServerConfig rs : vs.realServers()) {
                known.add(new RealServerRef(vs.displayName(), rs.address(), rs.port()));
            }
        }
        health.keySet().retainAll(known);
        reportedProblems.clear();
        changed("reload");
    }

    // ------------------------------------------------------------------ inputs

    /** A VRRP instance changed state. */
    public void transition(VrrpTransition t) {
        checkLoop();
        instances.put(t.instance(), t.to());
        if (stopped) {
            return;
        }
        if (config.globalDefs().lvs().syncDaemon() != null && "ipvs".equals(kind)) {
            followSyncInstance();
        }
        changed(t.instance() + " " + t.from() + " -> " + t.to());
    }

    /** A real server's health changed (one event per virtual server using it). */
    public void health(RealServerHealth h) {
        checkLoop();
        RealServerHealth before = health.put(RealServerRef.of(h), h);
        if (before == null || before.up() != h.up() || before.weight() != h.weight()) {
            changed(h.endpoint() + " " + (h.up() ? "up" : "down") + " in " + h.virtualServer());
        }
    }

    /**
     * Drains a real server: weight 0 until its connections end (then it stays at 0 until {@link #undrain}).
     *
     * @param realServer    {@code ADDR} or {@code ADDR:PORT} ({@code [ADDR]:PORT} for IPv6)
     * @param virtualServer a virtual server ({@code [192.0.2.1]:tcp:80}, {@code 192.0.2.1:80},
     *                      {@code TCP 192.0.2.1:80}, {@code FWM 5}), or {@code null} for every one
     * @throws IllegalArgumentException when no configured real server matches
     */
    public DrainStatus drain(String realServer, String virtualServer) {
        checkLoop();
        Drain d = parseDrain(realServer, virtualServer);
        drains.removeIf(x -> x.drain().address().equals(d.address()) && java.util.Objects.equals(x.drain().port(),
                d.port()) && java.util.Objects.equals(x.drain().virtualServer(), d.virtualServer()));
        DrainStatus s = new DrainStatus(d, -1, -1, null);
        drains.add(s);
        LOG.info("drain of {} asked", d.describe());
        changed("drain " + d.describe());
        return s;
    }

    /**
     * Ends the drains of a real server ({@code virtualServer} {@code null}: all of them).
     *
     * @return the drains ended
     */
    public List<Drain> undrain(String realServer, String virtualServer) {
        checkLoop();
        Drain like = parseDrain(realServer, virtualServer);
        List<Drain> ended = new ArrayList<>();
        drains.removeIf(s -> {
            Drain d = s.drain();
            boolean match = d.address().equals(like.address()) && (like.port() == null
                    || java.util.Objects.equals(d.port(), like.port())) && (like.virtualServer() == null
                    || java.util.Objects.equals(d.virtualServer(), like.virtualServer()));
            if (match) {
                ended.add(d);
            }
            return match;
        });
        if (!ended.isEmpty()) {
            ended.forEach(d -> LOG.info("drain of {} ended", d.describe()));
            changed("undrain " + like.describe());
        }
        return ended;
    }

    public EngineView view() {
        checkLoop();
        return new EngineView(kind, last == null ? List.of() : last.virtualServers(), drains, held.get() == 1,
                driftTotal);
    }

    /** The last computation, or {@code null} before the first. */
    public EngineResult last() {
        checkLoop();
        return last;
    }

    private Drain parseDrain(String realServer, String virtualServer) {
        InetAddress address;
        Integer port = null;
        String rs = realServer.trim();
        try {
            if (rs.startsWith("[")) {
                int close = rs.indexOf(']');
                address = InetAddresses.parse(rs.substring(1, close));
                if (close + 1 < rs.length()) {
                    port = Integer.parseInt(rs.substring(close + 2));
                }
            } else if (rs.indexOf(':') >= 0 && rs.indexOf(':') == rs.lastIndexOf(':')) {
                address = InetAddresses.parse(rs.substring(0, rs.indexOf(':')));
                port = Integer.parseInt(rs.substring(rs.indexOf(':') + 1));
            } else {
                address = InetAddresses.parse(rs);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a real server: '" + realServer + "' (ADDR or ADDR:PORT)");
        }
        String vsId = null;
        boolean any = false;
        for (VirtualServerConfig vs : config.virtualServers()) {
            if (virtualServer != null && !names(vs, virtualServer)) {
                continue;
            }
            if (virtualServer != null) {
                vsId = DirectorEngine.idOf(vs);
            }
            for (RealServerConfig r : vs.realServers()) {
                if (r.address().equals(address) && (port == null || r.port() == port)) {
                    any = true;
                }
            }
        }
        if (virtualServer != null && vsId == null) {
            throw new IllegalArgumentException("no virtual server '" + virtualServer + "'");
        }
        if (!any) {
            throw new IllegalArgumentException("no real server " + realServer
                    + (virtualServer == null ? "" : " in " + virtualServer));
        }
        return new Drain(address, port, vsId, clock.instant());
    }

    /** True when {@code spec} names the virtual server: its name, one of its services, or its address:port. */
    private boolean names(VirtualServerConfig vs, String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase(vs.displayName()) || s.equalsIgnoreCase(DirectorEngine.idOf(vs))) {
            return true;
        }
        for (ServiceKey k : servicesOf(vs)) {
            if (s.equalsIgnoreCase(k.toString()) || (!k.isFwmark() && s.equals(ServiceKey.endpoint(k.address(),
                    k.port()))) || (k.isFwmark() && s.equalsIgnoreCase("fwmark " + Integer.toUnsignedString(
                    k.fwmark())))) {
                return true;
            }
        }
        return false;
    }

    private List<ServiceKey> servicesOf(VirtualServerConfig vs) {
        Map<String, io.vigil.core.config.lvs.VirtualServerGroupConfig> groups = new HashMap<>();
        config.virtualServerGroups().forEach(g -> groups.put(g.name(), g));
        return DirectorEngine.keys(vs, groups, new ArrayList<>());
    }

    // ------------------------------------------------------------------ computing and applying

    private void changed(String cause) {
        causes.add(cause);
        if (!scheduled && started && !stopped) {
            scheduled = true;
            loop.executeWhenIdle(() -> {
                scheduled = false;
                if (!stopped) {
                    applyNow(Datapath.Read.CACHED);
                }
            });
        }
    }

    private EngineInput input(boolean stopping) {
        List<Drain> ds = drains.stream().map(DrainStatus::drain).toList();
        return new EngineInput(config, instances, health, ds, stopping);
    }

    /** One step: compute, notify, apply the difference, log it. */
    private void applyNow(Datapath.Read read) {
        String why = causes.isEmpty() ? "drift check" : String.join(", ", new LinkedHashSet<>(causes));
        causes.clear();
        EngineResult r = DirectorEngine.compute(input(false), memory);
        memory = r.memory();
        last = r;
        for (String p : r.problems()) {
            if (reportedProblems.add(p)) {
                LOG.warn("{}", p);
            }
        }
        updateQuorumGauges(r);
        suspendChecks(r);
        deliver(r.events());
        if (datapath != null) {
            try {
                ApplyResult a = datapath.apply(finish.apply(r.desired()), read);
                record(a, why);
                if (ownership != null) {
                    ownership.write(r.desired().byKey().keySet());
                }
                lastApplyError = null;
            } catch (KernelException e) {
                counter(OPERATIONS, "kind", kind, "op", "apply", "result", "failed").increment();
                // the same refusal again (the repair timer retries it each interval) is logged once
                if (!e.getMessage().equals(lastApplyError)) {
                    LOG.error("datapath ({}): apply for {} failed, nothing known to be applied: {}", kind, why,
                            e.getMessage());
                } else {
                    LOG.debug("datapath ({}): apply for {} failed again: {}", kind, why, e.getMessage());
                }
                lastApplyError = e.getMessage();
            } catch (IOException e) {
                LOG.warn("cannot write {}: {}", ownership.path(), e.getMessage());
            }
        }
        if (drains.stream().anyMatch(d -> !d.finished()) || (catchUp != null && catchUp.active())) {
            sample();
        }
    }

    private void record(ApplyResult a, String why) {
        if (!a.drift().isEmpty()) {
            driftTotal += a.drift().size();
            counter(DRIFT, "kind", kind).increment(a.drift().size());
            LOG.warn("datapath ({}): {} difference(s) from what vigil applied, repaired: {}", kind, a.drift().size(),
                    String.join("; ", a.drift()));
        }
        for (ApplyResult.Change c : a.changes()) {
            counter(OPERATIONS, "kind", kind, "op", c.kind().name().toLowerCase(Locale.ROOT), "result", "ok")
                    .increment();
        }
        Set<String> failures = new LinkedHashSet<>();
        for (ApplyResult.Failure f : a.failures()) {
            failures.add(f.toString());
            if (!lastFailures.contains(f.toString())) {
                counter(OPERATIONS, "kind", kind, "op", f.change().kind().name().toLowerCase(Locale.ROOT),
                        "result", "failed").increment();
                LOG.error("datapath ({}): refused: {}", kind, f);
            }
        }
        lastFailures = failures;
        if (!a.changes().isEmpty()) {
            LOG.info("datapath ({}): {} change(s) for {}: {}", kind, a.changes().size(), why,
                    String.join("; ", a.changes().stream().map(Object::toString).toList()));
        }
    }

    private void deliver(List<LvsEvent> events) {
        for (LvsEvent e : events) {
            if (e instanceof LvsEvent.RealServerChanged rs) {
                LOG.info("real server {} of {} is {}", rs.realServer(), rs.virtualServer(), rs.up() ? "UP" : "DOWN");
            } else if (e instanceof LvsEvent.QuorumChanged q) {
                LOG.info("virtual server {} {} quorum: live weight {}, threshold {}", q.virtualServer(),
                        q.up() ? "gained" : "lost", q.liveWeight(), q.threshold());
            }
            if (notify != null) {
                notify.notifyLvs(e.script(), e.fifoLine());
            }
        }
    }

    /** Tells the health checks which virtual servers ha_suspend leaves out, when that changes. */
    private void suspendChecks(EngineResult r) {
        Map<String, VirtualServerStatus> byId = new HashMap<>();
        for (VirtualServerStatus s : r.virtualServers()) {
            byId.put(s.id(), s);
        }
        Map<String, Boolean> whole = new LinkedHashMap<>();
        for (VirtualServerConfig vs : config.virtualServers()) {
            VirtualServerStatus s = byId.get(DirectorEngine.idOf(vs));
            boolean out = s != null && !s.services().isEmpty() && s.suspended().size() == s.services().size();
            whole.merge(vs.displayName(), out, Boolean::logicalAnd);
        }
        Set<String> now = new TreeSet<>();
        whole.forEach((name, out) -> {
            if (out) {
                now.add(name);
            }
        });
        if (!now.equals(suspendedChecks)) {
            suspendedChecks = Set.copyOf(now);
            LOG.info("ha_suspend: real servers of {} virtual server(s) not checked{}", now.size(),
                    now.isEmpty() ? "" : ": " + String.join(", ", now));
            hooks.suspendChecks(suspendedChecks);
        }
    }

    private void updateQuorumGauges(EngineResult r) {
        Set<String> now = new HashSet<>();
        for (VirtualServerStatus s : r.virtualServers()) {
            now.add(s.id());
            quorumGauges.computeIfAbsent(s.id(), id -> {
                AtomicInteger v = new AtomicInteger();
                Gauge.builder(QUORUM_UP, v, AtomicInteger::get).description("1 while the virtual server has its quorum")
                        .tag("virtual_server", id).register(registry);
                return v;
            }).set(s.quorumUp() ? 1 : 0);
        }
        for (String gone : new ArrayList<>(quorumGauges.keySet())) {
            if (!now.contains(gone)) {
                quorumGauges.remove(gone);
                for (Meter m : registry.find(QUORUM_UP).tag("virtual_server", gone).meters()) {
                    registry.remove(m);
                }
            }
        }
    }

    private final Map<String, Counter> counters = new LinkedHashMap<>();

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(name + String.join("\u0000", tags), k -> Counter.builder(name).tags(tags)
                .register(registry));
    }

    // ------------------------------------------------------------------ drift repair

    private void scheduleRepair() {
        long every = config.globalDefs().vigil().repairIntervalNanos();
        if (datapath == null || every <= 0) {
            return;
        }
        repairTimer = loop.schedule(loop.nanoTime() + every, () -> {
            if (stopped) {
                return;
            }
            applyNow(Datapath.Read.KERNEL);
            scheduleRepair();
        });
    }

    // ------------------------------------------------------------------ connection counts: drains, sync catch-up

    private void sample() {
        if (datapath == null) {
            finishUncountable();
            return;
        }
        List<ConnectionCount> counts;
        try {
            counts = datapath.connections();
        } catch (KernelException e) {
            LOG.warn("datapath ({}): cannot count connections: {}", kind, e.getMessage());
            counts = null;
        }
        if (counts != null) {
            updateDrains(counts);
            sampleCatchUp(counts);
        }
        boolean more = drains.stream().anyMatch(d -> !d.finished()) || (catchUp != null && catchUp.active());
        if (more && (sampleTimer == null || sampleTimer.isCancelled() || loop.nanoTime() - sampleTimer.deadlineNanos()
                >= 0)) {
            sampleTimer = loop.schedule(loop.nanoTime() + SAMPLE_NANOS, () -> {
                if (!stopped) {
                    sample();
                }
            });
        }
    }

    private void finishUncountable() {
        for (int i = 0; i < drains.size(); i++) {
            DrainStatus s = drains.get(i);
            if (!s.finished()) {
                drains.set(i, new DrainStatus(s.drain(), 0, 0, clock.instant()));
            }
        }
    }

    private void updateDrains(List<ConnectionCount> counts) {
        Map<String, Set<ServiceKey>> keysOf = new HashMap<>();
        if (last != null) {
            for (VirtualServerStatus v : last.virtualServers()) {
                keysOf.put(v.id(), new HashSet<>(v.services()));
            }
        }
        for (int i = 0; i < drains.size(); i++) {
            DrainStatus s = drains.get(i);
            if (s.finished()) {
                continue;
            }
            Drain d = s.drain();
            String uncounted = uncounted(d, keysOf);
            if (uncounted != null) {
                LOG.warn("drain of {}: {}; it is at weight 0 and ends now, without waiting for its connections",
                        d.describe(), uncounted);
                drains.set(i, new DrainStatus(d, -1, -1, clock.instant(), uncounted));
                continue;
            }
            long left = 0;
            for (ConnectionCount c : counts) {
                if (d.covers(c.service(), c.address(), c.port(), keysOf)) {
                    left += c.draining();
                }
            }
            long atStart = s.connectionsAtStart() < 0 ? left : s.connectionsAtStart();
            if (left == 0) {
                LOG.info("drain of {} finished: {} connection(s) at the start, none left", d.describe(), atStart);
                drains.set(i, new DrainStatus(d, atStart, 0, clock.instant()));
            } else {
                drains.set(i, new DrainStatus(d, atStart, left, null));
            }
        }
    }

    /**
     * Why the datapath cannot count the connections of the drained real server in any of its services, or
     * {@code null} when it counts them in at least one.
     */
    private String uncounted(Drain d, Map<String, Set<ServiceKey>> keysOf) {
        String why = null;
        for (VirtualService s : last == null ? List.<VirtualService>of() : last.desired().services()) {
            if (s.realServers().stream().anyMatch(r -> d.covers(s.key(), r.address(), r.port(), keysOf))) {
                String w = datapath.uncountedBecause(s.key());
                if (w == null) {
                    return null;
                }
                why = w;
            }
        }
        return why;
    }

    // ------------------------------------------------------------------ sync daemons and the preemption hold

    /** The state the {@code lvs_sync_daemon} instance is in (any instance MASTER when none is named). */
    private boolean syncInstanceMaster() {
        LvsSettings.SyncDaemon sd = config.globalDefs().lvs().syncDaemon();
        if (sd != null && sd.instance() != null) {
            return instances.get(sd.instance()) == VrrpState.MASTER;
        }
        return instances.values().stream().anyMatch(s -> s == VrrpState.MASTER);
    }

    /**
     * keepalived's rule: with an instance named, the master daemon runs while it is MASTER and the backup daemon
     * otherwise; with none named, both run. The catch-up restarts whenever this director stops being master.
     */
    private void followSyncInstance() {
        LvsSettings.SyncDaemon sd = config.globalDefs().lvs().syncDaemon();
        boolean master = syncInstanceMaster();
        if (syncMaster != null && syncMaster == master) {
            return;
        }
        syncMaster = master;
        try {
            boolean named = sd.instance() != null;
            for (String line : hooks.syncDaemons(!named || master, !named || !master)) {
                LOG.info("sync daemon: {}", line);
            }
        } catch (KernelException | RuntimeException e) {
            LOG.error("sync daemons: {}", e.getMessage());
        }
        if (catchUp != null) {
            if (master) {
                catchUp.stop();
                setHeld(false, "this director is master");
            } else {
                beginCatchUp();
            }
        }
    }

    private void beginCatchUp() {
        catchUp.start(loop.nanoTime());
        setHeld(true, "waiting for the connection-sync daemon to catch up");
        sample();
    }

    private void sampleCatchUp(List<ConnectionCount> counts) {
        if (catchUp == null || !catchUp.active()) {
            return;
        }
        long total = counts.stream().mapToLong(ConnectionCount::total).sum();
        SyncCatchUp.Verdict v = catchUp.sample(loop.nanoTime(), total);
        if (v == SyncCatchUp.Verdict.CAUGHT_UP) {
            setHeld(false, String.format(Locale.ROOT, "connection sync caught up after %.1f s (%d connections,"
                    + " peak %d)", catchUp.seconds(loop.nanoTime()), total, catchUp.peak()));
        } else if (v == SyncCatchUp.Verdict.TIMED_OUT) {
            setHeld(false, String.format(Locale.ROOT, "connection sync still growing after %.1f s (%d connections):"
                    + " preemption goes on anyway", catchUp.seconds(loop.nanoTime()), total));
        }
    }

    private void setHeld(boolean hold, String why) {
        if ((held.get() == 1) == hold) {
            return;
        }
        held.set(hold ? 1 : 0);
        LOG.info("preemption {}: {}", hold ? "held back" : "released", why);
        hooks.holdPreemption(hold);
    }

    // ------------------------------------------------------------------ helpers

    private static void cancel(EventLoop.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    private void checkLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("EngineRuntime must be used from its event loop");
        }
    }
}
