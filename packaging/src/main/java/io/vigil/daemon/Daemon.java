package io.vigil.daemon;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.loop.SingleThreadEventLoop;
import io.vigil.core.notify.NotifyDispatcher;
import io.vigil.core.notify.ProcessScriptRunner;
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
 * One running director: the wiring of the kernel ports, the VRRP runtime on its event loop, notifications and
 * metrics. Holds no logic of its own.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /**
     * @param metricsAddress where to serve {@code /metrics}, or {@code null} for nowhere
     */
    public record Options(InetSocketAddress metricsAddress) {
    }

    private final SingleThreadEventLoop loop;
    private final RtnlAddressManager addresses;
    private final RtnlLinkManager links;
    private final KernelVrrpIo io;
    private final NotifyDispatcher notify;
    private final PrometheusMeterRegistry registry;
    private final VrrpRuntime vrrp;
    private MetricsServer metricsServer;
    private boolean stopped;

    private Daemon(VigilConfig config, Options options) throws Exception {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        loop = new SingleThreadEventLoop("vigil-vrrp");
        addresses = RtnlAddressManager.open();
        links = RtnlLinkManager.open();
        io = new KernelVrrpIo(new RawIpSocketFactory(), new AfPacketSocketFactory(), addresses, links);
        ScriptCommand fifo = config.globalDefs().notifyFifo();
        notify = new NotifyDispatcher(new ProcessScriptRunner(), fifo == null ? null : Path.of(fifo.command()),
                config.globalDefs().scriptUser(), Duration.ofSeconds(10));
        vrrp = new VrrpRuntime(loop, io, new VrrpMetrics(registry), notify);
        loop.call(() -> {
            vrrp.start(config);
            return null;
        }, 30, TimeUnit.SECONDS);
        if (options.metricsAddress() != null) {
            metricsServer = new MetricsServer(options.metricsAddress(), registry);
            LOG.info("metrics on http://{}:{}/metrics", options.metricsAddress().getHostString(),
                    metricsServer.address().getPort());
        }
    }

    /** Starts a director; on failure everything opened so far is closed again. */
    public static Daemon start(VigilConfig config, Options options) throws Exception {
        return new Daemon(config, options);
    }

    public List<InstanceView> status() throws Exception {
        return loop.call(vrrp::view, 5, TimeUnit.SECONDS);
    }

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
        try {
            loop.call(() -> {
                vrrp.stop();
                return null;
            }, 10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.error("stopping the VRRP instances failed", e);
        }
        // the loop finishes what the stop queued (STOP notifications among it) before it ends
        loop.close();
        notify.drain(Duration.ofSeconds(2));
        if (metricsServer != null) {
            metricsServer.close();
        }
        io.close();
        links.close();
        addresses.close();
        LOG.info("vigil stopped");
    }
}
