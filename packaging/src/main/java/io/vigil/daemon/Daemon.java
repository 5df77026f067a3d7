package io.vigil.daemon;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.core.config.GlobalDefs;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.VigilSettings;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.guard.LoopGuard;
import io.vigil.core.loop.SingleThreadEventLoop;
import io.vigil.core.notify.NotifyDispatcher;
import io.vigil.core.notify.ProcessScriptRunner;
import io.vigil.healthcheck.config.HealthConfigMapper;
import io.vigil.healthcheck.config.HealthPlan;
import io.vigil.healthcheck.engine.EngineOptions;
import io.vigil.healthcheck.engine.EnginePorts;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.NativeProcessControl;
import io.vigil.kernel.nft.NftPacketMarks;
import io.vigil.kernel.socket.PingSocketFactory;
import io.vigil.kernel.rtnl.RtnlAddressManager;
import io.vigil.kernel.rtnl.RtnlLinkManager;
import io.vigil.kernel.socket.AfPacketSocketFactory;
import io.vigil.kernel.socket.RawIpSocketFactory;
import io.vigil.vrrp.runtime.InstanceView;
import io.vigil.vrrp.runtime.KernelVrrpIo;
import io.vigil.vrrp.runtime.VrrpMetrics;
import io.vigil.vrrp.runtime.VrrpRuntime;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running director: the wiring of the kernel ports, the VRRP runtime on its event loop, the health checks
 * (whose tracker changes go to the VRRP loop), the fwmark rule manager (fed the peers the VRRP runtime hears),
 * notifications, metrics and the control socket. Holds no logic of its own.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /**
     * @param metricsAddress where to serve {@code /metrics}, or {@code null} for nowhere
     * @param controlSocket  the control socket's path, or {@code null} for none (its directory also holds the
     *                       file of the datapath services vigil owns: {@code vigil.sock} -> {@code vigil.datapath})
     * @param datapath       {@code vigil run --datapath}, or {@code null} for the config's choice
     */
    public record Options(InetSocketAddress metricsAddress, Path controlSocket, VigilSettings.Datapath datapath) {

        /** The default control socket. */
        public static final Path DEFAULT_CONTROL = Path.of("/run/vigil/vigil.sock");

        public Options(InetSocketAddress metricsAddress, Path controlSocket) {
            this(metricsAddress, controlSocket, null);
        }

        public Options(InetSocketAddress metricsAddress) {
            this(metricsAddress, null);
        }

        /** Where the services vigil owns in the kernel are recorded, beside the control socket; or {@code null}. */
        Path ownershipFile() {
            if (controlSocket == null) {
                return null;
            }
            String name = controlSocket.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return controlSocket.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".datapath");
        }
    }

    /** {@code vigil_config_reloads_total{result}}. */
    static final String RELOADS = "vigil.config.reloads";

    /** How long VRRP waits at start for the first readings of tracked files and processes. */
    private static final Duration FIRST_READINGS = Duration.ofSeconds(2);
    /** How often the loop guard reads its mark rules back from the kernel (drift repair). */
    private static final Duration GUARD_REPAIR = Duration.ofSeconds(30);

    private final SingleThreadEventLoop loop;
    private final RtnlAddressManager addresses;
    private final RtnlLinkManager links;
    private final KernelVrrpIo io;
    private final NotifyDispatcher notify;
    private final PrometheusMeterRegistry registry;
    private final VrrpRuntime vrrp;
    /** The fwmark rule manager: the engine passes its desired datapath state through {@link LoopGuard#guard}. */
    private final LoopGuard loopGuard;
    private HealthService health;
    private EngineService engine;
    private volatile Runnable stopRequest = () -> { };
    private MetricsServer metricsServer;
    private ControlServer control;
    private boolean stopped;
    /** While vrrp_startup_delay runs: the config VRRP starts on; confined to the loop. */
    private VigilConfig pendingVrrp;
    private final GlobalDefs globals;

    private Daemon(VigilConfig config, Options options) throws Exception {
        // first what can fail on the config alone, before anything is opened
        HealthPlan plan = HealthConfigMapper.map(config);
        this.globals = config.globalDefs();
        // keepalived's startup_script: before anything starts (e.g. the firewall marks its fwmark services need)
        lifecycleScript("startup_script", globals.startupScript(), globals.startupScriptTimeoutNanos());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        loop = new SingleThreadEventLoop("vigil-vrrp");
        addresses = RtnlAddressManager.open();
        links = RtnlLinkManager.open();
        io = new KernelVrrpIo(new RawIpSocketFactory(), new AfPacketSocketFactory(), addresses, links);
        notify = new NotifyDispatcher(new ProcessScriptRunner(), NotifyDispatcher.Fifos.of(globals),
                globals.scriptUser(), Duration.ofSeconds(10));
        notify.openFifos();
        vrrp = new VrrpRuntime(loop, io, new VrrpMetrics(registry), notify);
        loopGuard = new LoopGuard(() -> NftPacketMarks.open("vigil", NftPacketMarks.Hook.INGRESS), registry);
        vrrp.addPeerListener(loopGuard::peerHeard);
        registry.counter(RELOADS, "result", "success");
        registry.counter(RELOADS, "result", "failure");
        try {
            java.util.Set<java.net.InetAddress> own = ownAddresses();
            // the loop guard first: the engine's very first apply already balances guarded services on their marks
            loop.call(() -> {
                loopGuard.configure(config, own::contains);
                return null;
            }, 30, TimeUnit.SECONDS);
            engine = new EngineService(config, options.datapath(), registry, notify, options.ownershipFile(),
                    held -> loop.execute(() -> vrrp.holdPreemption(held)), own, loopGuard::guard);
            vrrp.addListener(engine::transition);
            if (!plan.targets().isEmpty() || !plan.scripts().isEmpty() || !plan.files().isEmpty()
                    || !plan.processes().isEmpty()) {
                EnginePorts ports = new EnginePorts(new PingSocketFactory(), NativeProcessControl.INSTANCE,
                        NativeProcessControl.INSTANCE);
                health = new HealthService(plan, EngineOptions.defaults().withScriptSecurity(plan.scriptSecurity()),
                        ports, registry, s -> loop.execute(() -> vrrp.trackerChanged(s)), engine::health);
                health.awaitFirstReadings(FIRST_READINGS);
                engine.onChecksSuspended(health::suspend);
            }
            // the datapath first (a crashed run's leftovers, the sync daemons, a preemption hold queued on the VRRP
            // loop before its start), then VRRP
            engine.start();
            long delay = globals.vrrp().startupDelayNanos();
            loop.call(() -> {
                loopGuard.repairEvery(loop, GUARD_REPAIR.toNanos());
                if (delay > 0) {
                    // keepalived's vrrp_startup_delay (slow networks at boot): the instances start later, on the
                    // config of the last reload in between
                    pendingVrrp = config;
                    LOG.info("vrrp_startup_delay: the VRRP instances start in {} s", delay / 1e9);
                    loop.schedule(loop.nanoTime() + delay, this::startDelayedVrrp);
                } else {
                    vrrp.start(config);
                }
                return null;
            }, 30, TimeUnit.SECONDS);
            if (health != null) {
                health.startChecks();
            }
            if (options.metricsAddress() != null) {
                metricsServer = new MetricsServer(options.metricsAddress(), registry);
                LOG.info("metrics on http://{}:{}/metrics", options.metricsAddress().getHostString(),
                        metricsServer.address().getPort());
            }
            if (options.controlSocket() != null) {
                control = new ControlServer(options.controlSocket(), this::control);
                LOG.info("control socket {}", options.controlSocket());
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /**
     * SIGHUP: reads the config again and applies what changed. A config with errors changes nothing (the running
     * one stays), is logged with its diagnostics and counted ({@code vigil_config_reloads_total{result=failure}}).
     *
     * @return what was done, one line each
     */
    public synchronized List<String> reload(VigilConfig now) throws Exception {
        List<String> done = loop.call(() -> {
            loopGuard.configure(now, ownAddresses()::contains);
            if (pendingVrrp != null) {
                pendingVrrp = now;
                return List.of("the VRRP instances have not started yet (vrrp_startup_delay): they start on this"
                        + " config");
            }
            return vrrp.reload(now);
        }, 30, TimeUnit.SECONDS);
        HealthPlan plan = HealthConfigMapper.map(now);
        if (health != null) {
            health.reload(plan);
        } else if (!plan.targets().isEmpty() || !plan.scripts().isEmpty() || !plan.files().isEmpty()
                || !plan.processes().isEmpty()) {
            LOG.warn("the reloaded config has health checks or trackers and the running one had none: restart"
                    + " vigil to start them");
        }
        engine.reload(now);
        registry.counter(RELOADS, "result", "success").increment();
        return done;
    }

    /** The end of vrrp_startup_delay, on the loop; nothing when the daemon stopped meanwhile. */
    private void startDelayedVrrp() {
        VigilConfig config = pendingVrrp;
        pendingVrrp = null;
        if (config == null) {
            return;
        }
        try {
            LOG.info("vrrp_startup_delay over: starting the VRRP instances");
            vrrp.start(config);
        } catch (KernelException | RuntimeException e) {
            LOG.error("starting the VRRP instances after vrrp_startup_delay failed: {}", e.getMessage(), e);
        }
    }

    /** This director's own addresses, for the loop guard's {@code auto} (is it a real server of a service?). */
    private java.util.Set<java.net.InetAddress> ownAddresses() throws KernelException {
        java.util.Set<java.net.InetAddress> own = new java.util.HashSet<>();
        for (InterfaceAddress a : addresses.list(0)) {
            own.add(a.address());
        }
        return own;
    }

    /** The fwmark rule manager (call its methods on the VRRP loop). */
    public LoopGuard loopGuard() {
        return loopGuard;
    }

    /** Counts a reload refused because the new config has errors. */
    public void reloadFailed() {
        registry.counter(RELOADS, "result", "failure").increment();
    }

    /** Starts a director; on failure everything opened so far is closed again. */
    public static Daemon start(VigilConfig config, Options options) throws Exception {
        return new Daemon(config, options);
    }

    /** What {@code vigil status} shows. */
    public StatusReport status() throws Exception {
        List<InstanceView> instances = loop.call(vrrp::view, 5, TimeUnit.SECONDS);
        return health == null ? new StatusReport(instances, List.of(), List.of(), engine.view())
                : new StatusReport(instances, health.realServers(), health.trackers(), engine.view());
    }

    /** One request line of the control socket: {@code status}, or a drain command ({@link DrainControl}). */
    private String control(String request) {
        if (!request.equals("status")) {
            return DrainControl.handle(request, engine, this::handOver);
        }
        try {
            return status().toJson();
        } catch (Exception e) {
            return ControlServer.error("status failed: " + e);
        }
    }

    /** What the daemon does when {@code vigil drain --director} asks it to stop (set by {@code vigil run}). */
    public void onStopRequest(Runnable action) {
        this.stopRequest = action;
    }

    /**
     * {@code vigil drain --director}: hands every MASTER instance over to the peer ({@link VrrpRuntime#handOver}),
     * waits until the peer is heard advertising on each of them (at most {@link #HANDOVER_WAIT}), then asks the
     * daemon to stop.
     */
    private DrainControl.HandOver handOver() throws Exception {
        return DrainControl.handOver(loop, vrrp, HANDOVER_WAIT, () -> {
            Thread t = new Thread(() -> stopRequest.run(), "vigil-handover-stop");
            t.setDaemon(false);
            t.start();
        });
    }

    /** The longest {@code vigil drain --director} waits for the peer. */
    static final Duration HANDOVER_WAIT = Duration.ofSeconds(10);

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The clean stop of SIGTERM: priority 0 from every MASTER, VIPs removed, STOP notifications delivered. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (control != null) {
            control.close();
        }
        if (health != null) {
            // first, so that no tracker change reaches the VRRP loop while it stops
            health.close();
        }
        try {
            loop.call(() -> {
                pendingVrrp = null; // a delayed start still pending does not happen
                vrrp.stop();
                return null;
            }, 10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("stopping the VRRP instances failed", e);
        }
        if (engine != null) {
            // after VRRP: the VIPs are gone, then vigil's services leave the kernel
            engine.close();
        }
        // the loop finishes what the stop queued (STOP notifications among it) before it ends
        loop.close();
        loopGuard.close();
        notify.drain(Duration.ofSeconds(2));
        if (metricsServer != null) {
            metricsServer.close();
        }
        io.close();
        links.close();
        addresses.close();
        // keepalived's shutdown_script: after everything has stopped
        lifecycleScript("shutdown_script", globals.shutdownScript(), globals.shutdownScriptTimeoutNanos());
        LOG.info("vigil stopped");
    }

    /** Runs {@code startup_script} or {@code shutdown_script} to its end or its timeout; a failure is logged. */
    private void lifecycleScript(String keyword, ScriptCommand script, long timeoutNanos) {
        if (script == null) {
            return;
        }
        int status = new ProcessScriptRunner().run(script.command(), List.of(),
                script.user() != null ? script.user() : globals.scriptUser(),
                Duration.ofNanos(timeoutNanos));
        if (status == 0) {
            LOG.info("{} '{}' done", keyword, script.command());
        } else {
            LOG.warn("{} '{}' exited with status {}{}", keyword, script.command(), status,
                    status == 137 ? " (killed after " + Duration.ofNanos(timeoutNanos).toSeconds() + " s)" : "");
        }
    }
}
