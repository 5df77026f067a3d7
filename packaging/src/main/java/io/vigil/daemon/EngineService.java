package io.vigil.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.config.LvsSettings;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VigilSettings;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.lvs.Forwarding;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.engine.DrainStatus;
import io.vigil.core.engine.EngineRuntime;
import io.vigil.core.engine.EngineView;
import io.vigil.core.engine.OwnershipFile;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.event.VrrpTransition;
import io.vigil.core.loop.SingleThreadEventLoop;
import io.vigil.core.notify.NotifyDispatcher;
import io.vigil.core.port.Datapath;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.KernelException;
import io.vigil.kernel.ipvs.IpvsDatapath;
import io.vigil.kernel.ipvs.IpvsTable;
import io.vigil.kernel.ipvs.IpvsTimeouts;
import io.vigil.kernel.ipvs.SyncDaemon;
import io.vigil.kernel.nft.NftDatapath;
import io.vigil.kernel.nft.NftOptions;
import io.vigil.kernel.reconcile.Datapaths;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Set;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's datapath: chooses and opens it ({@code vigil run --datapath}, else {@code vigil_datapath}, else
 * {@code auto} when the config has virtual servers and {@code none} when it has not), and runs the
 * {@link EngineRuntime} on a loop of its own ("vigil-engine"), so that a datapath transaction never delays a VRRP
 * timer. VRRP transitions, health changes, reloads and the control socket's drains reach it as tasks on that loop.
 * It also carries keepalived's IPVS-wide settings: {@code lvs_sync_daemon} (through {@link IpvsTable#ensureDaemons}),
 * {@code lvs_timeouts}, {@code lvs_flush} (vigil then owns the whole IPVS table) and {@code lvs_flush_on_stop}.
 */
final class EngineService implements AutoCloseable {

    /** Where ha_suspend's virtual servers go (the health checks); set before {@link #start}. */
    private volatile Consumer<Set<String>> checksSuspended = s -> { };

    private static final Logger LOG = LoggerFactory.getLogger(EngineService.class);

    private final SingleThreadEventLoop loop = new SingleThreadEventLoop("vigil-engine");
    private final Datapath datapath;
    private final EngineRuntime runtime;
    private volatile VigilConfig config;

    /**
     * Opens the datapath and builds the runtime (nothing is applied before {@link #start}).
     *
     * @param choice        the datapath, or {@code null} for the config's choice
     * @param ownershipFile where the owned services are recorded, or {@code null}
     * @param holdPreemption how the runtime holds VRRP preemption (runs on the engine's loop: hand it over)
     * @throws KernelException when the chosen datapath is not available
     */
    EngineService(VigilConfig config, VigilSettings.Datapath choice, MeterRegistry registry, NotifyDispatcher notify,
                  Path ownershipFile, Consumer<Boolean> holdPreemption, Set<InetAddress> ownAddresses,
                  UnaryOperator<DatapathState> finish) throws KernelException {
        this.config = config;
        VigilSettings.Datapath c = resolve(config, choice);
        this.datapath = open(config, c, ownAddresses);
        LOG.info("datapath: {}{}", datapath == null ? "none" : datapath.kind(),
                c == VigilSettings.Datapath.AUTO ? " (auto)" : "");
        EngineRuntime.Hooks hooks = new EngineRuntime.Hooks() {
            @Override
            public List<String> syncDaemons(boolean master, boolean backup) throws KernelException {
                return ensureSyncDaemons(master, backup);
            }

            @Override
            public void holdPreemption(boolean held) {
                holdPreemption.accept(held);
            }

            @Override
            public void suspendChecks(Set<String> virtualServers) {
                checksSuspended.accept(virtualServers);
            }
        };
        this.runtime = new EngineRuntime(loop, datapath, registry, notify,
                ownershipFile == null ? null : new OwnershipFile(ownershipFile), hooks, Clock.systemUTC());
        runtime.finishWith(finish);
    }

    /** The command line's choice, else the config's, else auto with virtual servers and none without. */
    static VigilSettings.Datapath resolve(VigilConfig config, VigilSettings.Datapath choice) {
        if (choice != null) {
            return choice;
        }
        VigilSettings.Datapath configured = config.globalDefs().vigil().datapath();
        if (configured != null) {
            return configured;
        }
        return config.virtualServers().isEmpty() ? VigilSettings.Datapath.NONE : VigilSettings.Datapath.AUTO;
    }

    private static Datapath open(VigilConfig config, VigilSettings.Datapath choice, Set<InetAddress> own)
            throws KernelException {
        if (choice == VigilSettings.Datapath.NONE) {
            return null;
        }
        Datapaths.Choice c = Datapaths.resolve(switch (choice) {
            case IPVS -> Datapaths.Choice.IPVS;
            case NFTABLES -> Datapaths.Choice.NFTABLES;
            default -> Datapaths.Choice.AUTO;
        });
        LvsSettings lvs = config.globalDefs().lvs();
        if (c == Datapaths.Choice.IPVS) {
            IpvsTable table = IpvsTable.open();
            try {
                if (lvs.timeoutTcpSeconds() != null || lvs.timeoutTcpFinSeconds() != null
                        || lvs.timeoutUdpSeconds() != null) {
                    table.setTimeouts(new IpvsTimeouts(orZero(lvs.timeoutTcpSeconds()),
                            orZero(lvs.timeoutTcpFinSeconds()), orZero(lvs.timeoutUdpSeconds())));
                }
            } catch (KernelException e) {
                table.close();
                throw e;
            }
            return new IpvsDatapath(table, lvs.flush() ? IpvsDatapath.Ownership.ALL : IpvsDatapath.Ownership.OWNED);
        }
        // a DR real server that is this director itself is served up the local stack (a fwd to oneself goes nowhere)
        return NftDatapath.open(nftOptions(config).withLocalAddresses(own));
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }

    /**
     * The nftables DR hook's interface: that of the VRRP instance holding the address of the first DR virtual
     * server (VIP traffic arrives there, and a one-arm director reaches its real servers there too).
     */
    static NftOptions nftOptions(VigilConfig config) {
        for (VirtualServerConfig vs : config.virtualServers()) {
            boolean dr = vs.forwarding().method() == Forwarding.Method.DR || vs.realServers().stream()
                    .anyMatch(r -> r.forwarding().method() == Forwarding.Method.DR);
            if (!dr || vs.address() == null) {
                continue;
            }
            for (VrrpInstanceConfig i : config.vrrpInstances()) {
                for (VirtualAddress v : i.virtualAddresses()) {
                    if (v.address().equals(vs.address())) {
                        String dev = v.device() != null ? v.device() : i.interfaceName();
                        return NftOptions.dr(dev, dev);
                    }
                }
            }
        }
        return NftOptions.defaults();
    }

    /** keepalived's sync daemons: the id is {@code id}, else the instance's VRID, else 0. */
    private List<String> ensureSyncDaemons(boolean master, boolean backup) throws KernelException {
        if (!(datapath instanceof IpvsDatapath ipvs)) {
            return List.of();
        }
        LvsSettings.SyncDaemon sd = config.globalDefs().lvs().syncDaemon();
        List<SyncDaemon> wanted = new ArrayList<>();
        if (sd != null) {
            int id = sd.syncId() != null ? sd.syncId() : sd.instance() == null ? 0
                    : config.instance(sd.instance()).map(VrrpInstanceConfig::vrid).orElse(0);
            int maxlen = sd.maxLength() == null ? 0 : sd.maxLength();
            int port = sd.port() == null ? 0 : sd.port();
            int ttl = sd.ttl() == null ? 0 : sd.ttl();
            if (master) {
                wanted.add(new SyncDaemon(SyncDaemon.State.MASTER, sd.interfaceName(), id, maxlen, sd.group(), port,
                        ttl));
            }
            if (backup) {
                wanted.add(new SyncDaemon(SyncDaemon.State.BACKUP, sd.interfaceName(), id, maxlen, sd.group(), port,
                        ttl));
            }
        }
        return ipvs.table().ensureDaemons(wanted);
    }

    /** The kind of the open datapath: {@code ipvs}, {@code nftables} or {@code none}. */
    String kind() {
        return datapath == null ? "none" : datapath.kind();
    }

    /** First apply (taking over a crashed run's leftovers), sync daemons, preemption hold. */
    void start() throws Exception {
        loop.call(() -> {
            runtime.start(config);
            return null;
        }, 30, TimeUnit.SECONDS);
    }

    /** The health checks to suspend for the virtual servers ha_suspend leaves out (see {@link EngineRuntime.Hooks}). */
    void onChecksSuspended(Consumer<Set<String>> listener) {
        this.checksSuspended = listener;
    }

    void transition(VrrpTransition t) {
        loop.execute(() -> runtime.transition(t));
    }

    void health(RealServerHealth h) {
        loop.execute(() -> runtime.health(h));
    }

    void reload(VigilConfig now) throws Exception {
        if (datapath == null && !now.virtualServers().isEmpty() && config.virtualServers().isEmpty()) {
            LOG.warn("the reloaded config has virtual servers and vigil runs without a datapath: restart vigil to"
                    + " open one");
        }
        this.config = now;
        loop.call(() -> {
            runtime.reload(now);
            return null;
        }, 30, TimeUnit.SECONDS);
    }

    EngineView view() throws Exception {
        return loop.call(runtime::view, 5, TimeUnit.SECONDS);
    }

    DrainStatus drain(String realServer, String virtualServer) throws Exception {
        return loop.call(() -> runtime.drain(realServer, virtualServer), 5, TimeUnit.SECONDS);
    }

    List<io.vigil.core.engine.Drain> undrain(String realServer, String virtualServer) throws Exception {
        return loop.call(() -> runtime.undrain(realServer, virtualServer), 5, TimeUnit.SECONDS);
    }

    /** The clean stop: omega notifications, vigil's services out of the kernel, sync daemons stopped. */
    @Override
    public void close() {
        try {
            loop.call(() -> {
                runtime.stop();
                return null;
            }, 10, TimeUnit.SECONDS);
            // lvs_flush_on_stop: the whole table; with VS only vigil's services, which the stop above removed
            if (datapath instanceof IpvsDatapath ipvs && config.globalDefs().lvs().flushOnStop()
                    && !config.globalDefs().lvs().flushOnStopVsOnly()) {
                loop.call(() -> {
                    ipvs.table().flush();
                    return null;
                }, 10, TimeUnit.SECONDS);
                LOG.info("IPVS table flushed (lvs_flush_on_stop)");
            }
        } catch (Exception e) {
            LOG.error("stopping the datapath failed", e);
        }
        loop.close();
        if (datapath != null) {
            datapath.close();
        }
    }
}
