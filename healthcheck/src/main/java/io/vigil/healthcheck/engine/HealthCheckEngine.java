package io.vigil.healthcheck.engine;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.VrrpScript;
import io.vigil.healthcheck.probe.NettyProbeFactory;
import io.vigil.healthcheck.probe.Transport;
import io.vigil.healthcheck.script.ScriptRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health-check engine: every checker of every real server, and every tracker, on one Netty event loop (epoll
 * where available), plus a small script pool and one blocking thread for file and /proc reads. No thread per real
 * server: 5,000 servers cost 5,000 timers and at most as many sockets in flight.
 *
 * <p>Use: {@link #start}, then {@link #update} with the wanted real servers (again on every reload: unchanged
 * servers keep their state), {@link #updateTrackers} likewise, read {@link #status()} for {@code vigil status},
 * {@link #close()} to stop. Events reach the {@link HealthListener} on the engine's loop.
 */
public final class HealthCheckEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckEngine.class);

    private final MultiThreadIoEventLoopGroup group;
    private final io.netty.channel.EventLoop nettyLoop;
    private final NettyLoopAdapter loop;
    private final ScriptRunner scripts;
    private final ExecutorService blocking;
    private final NettyProbeFactory probes;
    private final CheckScheduler scheduler;
    private final Transport transport;

    private HealthCheckEngine(EngineOptions o, EnginePorts ports, HealthListener listener) {
        this.transport = Transport.select(o.preferEpoll());
        ThreadFactory loopThreads = inNamespace(new DefaultThreadFactory("vigil-hc-loop", true), o.networkNamespace(),
                ports);
        this.group = new MultiThreadIoEventLoopGroup(1, loopThreads, transport.ioHandler());
        this.nettyLoop = group.next();
        this.loop = new NettyLoopAdapter(nettyLoop);
        this.scripts = new ScriptRunner(o.scriptThreads(), o.scriptQueue(), o.scriptSecurity(),
                inNamespace(new DefaultThreadFactory("vigil-hc-script", true), o.networkNamespace(), ports),
                ports.processes());
        this.blocking = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                new DefaultThreadFactory("vigil-hc-io", true));
        SplittableRandom random = o.randomSeed() == 0 ? new SplittableRandom() : new SplittableRandom(o.randomSeed());
        this.probes = new NettyProbeFactory(nettyLoop, transport, scripts, blocking, ports.pings(),
                new DefaultThreadFactory("vigil-hc-icmp", true), o.maxResponseBytes(), random.split());
        this.scheduler = new CheckScheduler(loop, probes, listener, random, o.clock(), o.trackPollInterval());
    }

    /**
     * Starts an engine with nothing to check yet.
     *
     * @param ports the kernel facilities Java lacks (ping sockets, process groups, namespaces)
     */
    public static HealthCheckEngine start(EngineOptions options, EnginePorts ports, HealthListener listener) {
        if (options.networkNamespace() != null
                && !Files.exists(java.nio.file.Path.of("/run/netns", options.networkNamespace()))) {
            throw new IllegalArgumentException("no network namespace " + options.networkNamespace()
                    + " (/run/netns/" + options.networkNamespace() + " is missing)");
        }
        HealthCheckEngine e = new HealthCheckEngine(options, ports, listener);
        e.call(() -> null); // the loop thread starts (and enters its namespace) now; fail here if it cannot
        LOG.info("health-check engine started on the {} transport{}", e.transport.name(),
                options.networkNamespace() == null ? "" : " in namespace " + options.networkNamespace());
        return e;
    }

    /** The transport in use: "epoll" or "nio". */
    public String transport() {
        return transport.name();
    }

    /** Makes the checked real servers exactly {@code targets} (a reload); returns when applied. */
    public void update(Collection<RealServerTarget> targets) {
        List<RealServerTarget> copy = List.copyOf(targets);
        call(() -> {
            scheduler.update(copy);
            return null;
        });
    }

    /**
     * Makes the trackers exactly these (a reload). Files with {@code init_file} are created (or overwritten)
     * first, as keepalived does at start.
     */
    public void updateTrackers(Collection<VrrpScript> scriptList, Collection<TrackFile> files,
            Collection<TrackProcess> processes) {
        for (TrackFile f : files) {
            initFile(f);
        }
        List<VrrpScript> s = List.copyOf(scriptList);
        List<TrackFile> f = List.copyOf(files);
        List<TrackProcess> p = List.copyOf(processes);
        call(() -> {
            scheduler.updateTrackers(s, f, p);
            return null;
        });
    }

    /**
     * Suspends the checks of exactly these real servers ({@code ha_suspend}) and resumes the others'; returns at
     * once (callable from another event loop without waiting on this one).
     */
    public void suspend(Set<RealServerKey> keys) {
        Set<RealServerKey> copy = Set.copyOf(keys);
        nettyLoop.execute(() -> {
            scheduler.suspend(copy);
            LOG.info("ha_suspend: checks of {} real server(s) suspended", copy.size());
        });
    }

    /** The state of every real server, for {@code vigil status}. */
    public List<RealServerStatus> status() {
        return call(scheduler::status);
    }

    public List<TrackerStatus> trackerStatus() {
        return call(scheduler::trackerStatus);
    }

    private static void initFile(TrackFile f) {
        if (f.initValue() == null || (Files.exists(f.file()) && !f.overwrite())) {
            return;
        }
        try {
            Files.writeString(f.file(), f.initValue() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("init_file " + f.file(), e);
        }
    }

    private <T> T call(Callable<T> action) {
        if (nettyLoop.inEventLoop()) {
            throw new IllegalStateException("call the engine from outside its event loop");
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        nettyLoop.execute(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the health-check loop did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            call(() -> {
                scheduler.stopAll();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("stopping the checks failed", e);
        }
        probes.close();
        scripts.close();
        blocking.shutdownNow();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A thread factory whose threads run inside the network namespace {@code ns} (when not null). */
    static ThreadFactory inNamespace(ThreadFactory base, String ns, EnginePorts ports) {
        if (ns == null) {
            return base;
        }
        return r -> base.newThread(() -> {
            try {
                ports.namespaces().call(ns, () -> {
                    r.run();
                    return null;
                });
            } catch (Exception e) {
                LOG.error("cannot run in network namespace {}: {}", ns, e.getMessage());
                throw new IllegalStateException("network namespace " + ns, e);
            }
        });
    }
}
