package io.vigil.healthcheck.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.vigil.core.netns.NetnsLab;
import io.vigil.healthcheck.engine.EngineOptions;
import io.vigil.healthcheck.engine.HealthCheckEngine;
import io.vigil.healthcheck.engine.HealthListener;
import io.vigil.healthcheck.engine.RealServerStatus;
import io.vigil.healthcheck.it.NativePorts;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.healthcheck.model.CheckTiming;
import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.model.ConnectOptions;
import io.vigil.healthcheck.model.HttpGet;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.TcpCheck;
import io.vigil.healthcheck.model.UrlCheck;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Benchmark harness (run as root, not part of the test suite): 5,000 real servers (50 addresses x 100 ports in
 * a namespace) checked every second by TCP_CHECK, then by HTTP_GET. Prints checks per second, the engine loop's
 * CPU per 1,000 checks, the JVM's RSS, and the detection delay (server down -> DOWN event), median and worst,
 * for a refusing server (listener closed) and a silent one (address removed: SYNs go unanswered). The reference,
 * measured in the same run on the same servers, is a thread-pool blocking client (200 threads, java.net.Socket),
 * the "thread per check" design; keepalived itself needs kernel IPVS and is not run here.
 *
 * <pre>
 *   mvn -q -pl healthcheck -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp healthcheck/target/test-classes:healthcheck/target/classes:ha-core/target/test-classes:$(cat /tmp/cp.txt) \
 *       io.vigil.healthcheck.bench.HealthCheckBenchmark [servers] [seconds]
 * </pre>
 */
public final class HealthCheckBenchmark {

    private static final int PORTS = 100;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final NetnsLab lab;
    private final List<InetSocketAddress> servers = new ArrayList<>();
    private final Map<InetSocketAddress, Channel> listeners = new ConcurrentHashMap<>();
    private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());

    private HealthCheckBenchmark(NetnsLab lab) {
        this.lab = lab;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (NetnsLab lab = NetnsLab.create()) {
            lab.addHost("dir");
            lab.addHost("rs");
            lab.addSegment("lan");
            lab.connect("dir", "lan", "eth0", "198.51.100.1/24");
            lab.connect("rs", "lan", "eth0", "198.51.100.9/24");
            lab.exec("dir", "sysctl", "-qw", "net.ipv4.ip_local_port_range=10000 65000");
            HealthCheckBenchmark b = new HealthCheckBenchmark(lab);
            b.openServers(n);
            System.out.printf("%d real servers listening (%d addresses x %d ports); delay_loop 1 s, connect_timeout"
                    + " 1 s, retry 0, %d s per run%n", n, (n + PORTS - 1) / PORTS, PORTS, seconds);
            b.runEngine("TCP_CHECK", n, seconds, false);
            b.runReference("TCP_CHECK", n, seconds, false);
            b.runEngine("HTTP_GET", n, seconds, true);
            b.runReference("HTTP_GET", n, seconds, true);
            b.serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private void openServers(int n) throws Exception {
        int addrs = (n + PORTS - 1) / PORTS;
        for (int a = 0; a < addrs; a++) {
            lab.exec("rs", "ip", "addr", "add", "198.51.100." + (10 + a) + "/24", "dev", "eth0");
        }
        for (int i = 0; i < n; i++) {
            servers.add(new InetSocketAddress(InetAddress.getByName("198.51.100." + (10 + i / PORTS)),
                    20000 + i % PORTS));
        }
        for (InetSocketAddress s : servers) {
            listen(s);
        }
    }

    private void listen(InetSocketAddress s) throws Exception {
        ServerBootstrap b = new ServerBootstrap().group(serverGroup).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true).option(ChannelOption.SO_BACKLOG, 128)
                .childHandler(new Http());
        listeners.put(s, NetNamespace.call(lab.ns("rs"), () -> b.bind(s).sync().channel()));
    }

    /** Answers any request with a small 200, then closes. */
    @ChannelHandler.Sharable
    private static final class Http extends ChannelInboundHandlerAdapter {
        private static final byte[] OK = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(OK)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static CheckerConfig checker(boolean http) {
        CheckTiming t = CheckTiming.defaults(http ? CheckerKind.HTTP_GET : CheckerKind.TCP_CHECK,
                Duration.ofSeconds(1)).withRetry(0).withConnectTimeout(Duration.ofSeconds(1));
        return http ? HttpGet.of(false, UrlCheck.of("/")).with(ConnectOptions.DEFAULT, t)
                : new TcpCheck(ConnectOptions.DEFAULT, t);
    }

    private void runEngine(String name, int n, int seconds, boolean http) throws Exception {
        Map<InetSocketAddress, Long> downAt = new ConcurrentHashMap<>();
        Map<InetSocketAddress, Long> detected = new ConcurrentHashMap<>();
        AtomicLong falseDowns = new AtomicLong();
        HealthListener listener = e -> {
            if (!e.up()) {
                InetSocketAddress a = new InetSocketAddress(e.key().address(), e.key().port());
                if (downAt.containsKey(a)) {
                    detected.putIfAbsent(a, e.monotonicNanos());
                } else {
                    falseDowns.incrementAndGet();
                }
            }
        };
        long rssBefore = rssKb();
        List<RealServerTarget> targets = new ArrayList<>();
        CheckerConfig c = checker(http);
        for (InetSocketAddress s : servers) {
            targets.add(RealServerTarget.of(new RealServerKey("bench", s.getAddress(), s.getPort()), c));
        }
        try (HealthCheckEngine engine = HealthCheckEngine.start(EngineOptions.defaults()
                .withNetworkNamespace(lab.ns("dir")), NativePorts.PORTS, listener)) {
            engine.update(targets);
            Thread.sleep(2000); // warmup window: first checks spread over delay_loop
            long a0 = attempts(engine);
            long cpu0 = cpu(t -> t.startsWith("vigil-hc-loop"));
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long a1 = attempts(engine);
            long cpu1 = cpu(t -> t.startsWith("vigil-hc-loop"));
            long t1 = System.nanoTime();
            double rate = (a1 - a0) / ((t1 - t0) / 1e9);
            double cpuPerK = (cpu1 - cpu0) / 1e6 / ((a1 - a0) / 1000.0);
            double loopLoad = (cpu1 - cpu0) / (double) (t1 - t0);
            List<RealServerStatus> st = engine.status();
            long failed = st.stream().filter(s -> !s.up()).count();
            double meanCheckMs = st.stream().mapToLong(s -> s.checkers().get(0).lastDurationNanos()).average()
                    .orElse(0) / 1e6;
            System.out.printf("%n== vigil engine, %s: %.0f checks/s sustained (%d servers, %d down at the end, %d"
                    + " false downs); loop thread CPU %.3f ms per 1000 checks (%.0f%% of one core); JVM RSS %d MB"
                    + " (+%d MB for the engine); mean check duration %.1f ms (the next check starts delay_loop after"
                    + " the previous one ends, as in keepalived)%n", name, rate, n, failed, falseDowns.get(), cpuPerK,
                    loopLoad * 100, rssKb() / 1024, (rssKb() - rssBefore) / 1024, meanCheckMs);
            // detection: 500 refusing servers (listener closed) and the 100 servers of one address (silent)
            List<InetSocketAddress> refuse = new ArrayList<>(servers.subList(0, Math.min(500, n / 2)));
            List<InetSocketAddress> silent = new ArrayList<>(servers.subList(n - PORTS, n));
            for (InetSocketAddress s : refuse) {
                long now = System.nanoTime();
                downAt.put(s, now);
                listeners.remove(s).close().sync();
            }
            String last = silent.get(0).getAddress().getHostAddress();
            long silentAt = System.nanoTime();
            for (InetSocketAddress s : silent) {
                downAt.put(s, silentAt);
            }
            lab.exec("rs", "ip", "addr", "del", last + "/24", "dev", "eth0");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (detected.size() < refuse.size() + silent.size() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            report("refused (listener closed)", refuse, downAt, detected);
            report("silent (address removed)", silent, downAt, detected);
            System.out.printf("   bound: delay_loop + connect_timeout + 100 ms = 2100 ms%n");
        }
        // restore the servers for the next run
        lab.exec("rs", "ip", "addr", "add", silentAddr(n) + "/24", "dev", "eth0");
        for (InetSocketAddress s : servers) {
            if (!listeners.containsKey(s) || !listeners.get(s).isActive()) {
                listen(s);
            }
        }
    }

    private String silentAddr(int n) {
        return servers.get(n - 1).getAddress().getHostAddress();
    }

    private static void report(String what, List<InetSocketAddress> set, Map<InetSocketAddress, Long> downAt,
            Map<InetSocketAddress, Long> detected) {
        long[] ms = set.stream().filter(detected::containsKey)
                .mapToLong(s -> (detected.get(s) - downAt.get(s)) / 1_000_000).sorted().toArray();
        if (ms.length == 0) {
            System.out.printf("   detection, %s: none of %d detected%n", what, set.size());
            return;
        }
        System.out.printf("   detection, %s: %d of %d detected, median %d ms, worst %d ms%n", what, ms.length,
                set.size(), ms[ms.length / 2], ms[ms.length - 1]);
    }

    private static long attempts(HealthCheckEngine engine) {
        long sum = 0;
        for (RealServerStatus s : engine.status()) {
            sum += s.checkers().get(0).attempts();
        }
        return sum;
    }

    /** The reference: a blocking client on a fixed pool (thread per check in flight), same servers, same period. */
    private void runReference(String name, int n, int seconds, boolean http) throws Exception {
        int threads = 200;
        AtomicLong done = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(threads, r -> {
            Thread t = new Thread(() -> {
                try {
                    NetNamespace.run(lab.ns("dir"), r::run);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "ref-check");
            t.setDaemon(true);
            return t;
        });
        byte[] req = "GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (InetSocketAddress s : servers) {
            pool.scheduleWithFixedDelay(() -> {
                try (Socket so = new Socket()) {
                    so.setSoTimeout(1000);
                    so.connect(s, 1000);
                    if (http) {
                        so.getOutputStream().write(req);
                        byte[] buf = new byte[512];
                        int r = so.getInputStream().read(buf);
                        if (r < 12 || buf[9] != '2') {
                            failures.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
                done.incrementAndGet();
            }, ThreadLocalRandom.current().nextLong(1000), 1000, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(2000);
        long a0 = done.get();
        long cpu0 = cpu(t -> t.equals("ref-check"));
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long a1 = done.get();
        long cpu1 = cpu(t -> t.equals("ref-check"));
        long t1 = System.nanoTime();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        double rate = (a1 - a0) / ((t1 - t0) / 1e9);
        System.out.printf("-- reference (blocking java.net.Socket, %d threads), %s: %.0f checks/s (%d failed);"
                + " CPU %.3f ms per 1000 checks; JVM RSS %d MB%n", threads, name, rate, failures.get(),
                (cpu1 - cpu0) / 1e6 / ((a1 - a0) / 1000.0), rssKb() / 1024);
    }

    private static long cpu(Predicate<String> threadName) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (threadName.test(t.getName())) {
                long c = THREADS.getThreadCpuTime(t.getId());
                if (c > 0) {
                    sum += c;
                }
            }
        }
        return sum;
    }

    private static long rssKb() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
