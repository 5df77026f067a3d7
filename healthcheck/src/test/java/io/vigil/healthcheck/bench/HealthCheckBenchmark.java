package io.vigil.healthcheck.bench;

import io.vigil.core.netns.NetnsLab;
import io.vigil.healthcheck.engine.EngineOptions;
import io.vigil.healthcheck.engine.HealthCheckEngine;
import io.vigil.healthcheck.engine.HealthListener;
import io.vigil.healthcheck.engine.RealServerStatus;
import io.vigil.healthcheck.it.NativePorts;
import io.vigil.healthcheck.model.CheckTiming;
import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.model.ConnectOptions;
import io.vigil.healthcheck.model.HttpGet;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.TcpCheck;
import io.vigil.healthcheck.model.UrlCheck;
import io.vigil.kernel.nativ.NetNamespace;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
 * Benchmark harness (run as root, not part of the test suite): 5,000 real servers (50 addresses x 100 ports in a
 * namespace, served by {@link BenchServers} in a JVM of its own, pinned to the second core) checked every second by
 * TCP_CHECK, then by HTTP_GET. Run the harness pinned to the first core, so that the checker has one core:
 * {@code packaging/bench/run healthcheck [SERVERS] [SECONDS]} does both.
 *
 * <p>Prints, per checker: checks per second (attempts the engine made, and connections the servers accepted, which
 * must agree), the engine loop's CPU per 1,000 checks and its share of the core, the mean check duration, RSS, and
 * the detection delay (server down -> DOWN event), median and worst, for refusing servers (listener closed) and
 * silent ones (address removed: SYNs go unanswered). Every real server is checked again {@code delay_loop} after its
 * previous check ended, as in keepalived, so the rate is {@code servers / (delay_loop + check duration)}.
 *
 * <p>The reference, measured in the same run on the same servers: a blocking client on a pool of 200 threads
 * (java.net.Socket), the "thread per check in flight" design. keepalived itself needs kernel IPVS: see
 * {@code KeepalivedCheckBenchmark}, run inside the IPVS VM.
 */
public final class HealthCheckBenchmark {

    static final int PORTS = 100;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final NetnsLab lab;
    private final ServerProcess servers;
    private final List<InetSocketAddress> addresses;

    /** Detection delays of one set of servers taken down. */
    record Detection(int detected, int total, long medianMs, long worstMs) {
        @Override
        public String toString() {
            return detected == 0 ? "none of " + total + " detected" : detected + " of " + total + " detected, median "
                    + medianMs + " ms, worst " + worstMs + " ms";
        }
    }

    /**
     * What one run measured.
     *
     * @param rate          checks per second the checker made (its own count)
     * @param accepted      connections per second the servers accepted
     * @param cpuPerK       the checker's CPU per 1,000 checks, ms (the loop thread, or the whole process)
     */
    record Result(double rate, double accepted, double cpuPerK, Detection refused, Detection silent) {
    }

    HealthCheckBenchmark(NetnsLab lab, ServerProcess servers, List<InetSocketAddress> addresses) {
        this.lab = lab;
        this.servers = servers;
        this.addresses = addresses;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int serverCpu = Runtime.getRuntime().availableProcessors() > 1 ? 1 : -1;
        try (NetnsLab lab = NetnsLab.create()) {
            int addrs = setUp(lab, n);
            List<InetSocketAddress> list = targets(n);
            try (ServerProcess servers = new ServerProcess(lab, "rs", "198.51.100.10", addrs, PORTS, serverCpu)) {
                HealthCheckBenchmark b = new HealthCheckBenchmark(lab, servers, list);
                System.out.printf("%d real servers (%d addresses x %d ports) served by a separate JVM%s; this JVM"
                        + " (the checker) on %s; delay_loop 1 s, connect_timeout 1 s, retry 0, %d s per run%n", n,
                        addrs, PORTS, serverCpu >= 0 ? " pinned to CPU " + serverCpu : "", affinity(), seconds);
                // -Dbench.only=HTTP_GET (or TCP_CHECK) runs one checker, -Dbench.reference=false skips the pool
                String only = System.getProperty("bench.only", "");
                boolean reference = Boolean.parseBoolean(System.getProperty("bench.reference", "true"));
                for (String kind : List.of("TCP_CHECK", "HTTP_GET")) {
                    if (only.isEmpty() || only.equals(kind)) {
                        b.runEngine(kind, seconds, kind.equals("HTTP_GET"));
                        if (reference) {
                            b.runReference(kind, seconds, kind.equals("HTTP_GET"));
                        }
                    }
                }
            }
        }
    }

    /**
     * The rig: a checker host "dir" (198.51.100.1) and a server host "rs" with one address per 100 servers
     * (198.51.100.10 on), on one segment.
     *
     * @return how many server addresses
     */
    static int setUp(NetnsLab lab, int n) {
        lab.addHost("dir");
        lab.addHost("rs");
        lab.addSegment("lan");
        lab.connect("dir", "lan", "eth0", "198.51.100.1/24");
        lab.connect("rs", "lan", "eth0", "198.51.100.9/24");
        lab.exec("dir", "sysctl", "-qw", "net.ipv4.ip_local_port_range=10000 65000");
        int addrs = (n + PORTS - 1) / PORTS;
        for (int a = 0; a < addrs; a++) {
            lab.exec("rs", "ip", "addr", "add", "198.51.100." + (10 + a) + "/24", "dev", "eth0");
        }
        return addrs;
    }

    static List<InetSocketAddress> targets(int n) throws Exception {
        List<InetSocketAddress> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new InetSocketAddress(InetAddress.getByName("198.51.100." + (10 + i / PORTS)),
                    20000 + i % PORTS));
        }
        return out;
    }

    /** The CPUs this process may run on (Cpus_allowed_list). */
    static String affinity() throws Exception {
        for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (l.startsWith("Cpus_allowed_list:")) {
                String cpus = l.substring(l.indexOf(':') + 1).trim();
                return "CPU " + cpus;
            }
        }
        return "all CPUs";
    }

    static CheckerConfig checker(boolean http) {
        CheckTiming t = CheckTiming.defaults(http ? CheckerKind.HTTP_GET : CheckerKind.TCP_CHECK,
                Duration.ofSeconds(1)).withRetry(0).withConnectTimeout(Duration.ofSeconds(1));
        return http ? HttpGet.of(false, UrlCheck.of("/")).with(ConnectOptions.DEFAULT, t)
                : new TcpCheck(ConnectOptions.DEFAULT, t);
    }

    Result runEngine(String name, int seconds, boolean http) throws Exception {
        Map<InetSocketAddress, Long> downAt = new ConcurrentHashMap<>();
        Map<InetSocketAddress, Long> detected = new ConcurrentHashMap<>();
        AtomicLong falseDowns = new AtomicLong();
        long[] bounds = {1, 2, 5, 10, 50, 200, 999, Long.MAX_VALUE};
        java.util.concurrent.atomic.AtomicLongArray histogram = new java.util.concurrent.atomic.AtomicLongArray(
                bounds.length);
        AtomicLong failedAttempts = new AtomicLong();
        Map<String, Long> downReasons = new ConcurrentHashMap<>();
        HealthListener listener = new HealthListener() {
            @Override
            public void onRealServer(io.vigil.healthcheck.engine.RealServerHealthEvent e) {
                if (!e.up()) {
                    InetSocketAddress a = new InetSocketAddress(e.key().address(), e.key().port());
                    if (downAt.containsKey(a)) {
                        detected.putIfAbsent(a, e.monotonicNanos());
                    } else {
                        falseDowns.incrementAndGet();
                        downReasons.merge(e.reason() + " " + e.detail().replaceAll("[0-9.]+:[0-9]+", "A:P"), 1L,
                                Long::sum);
                    }
                }
            }

            @Override
            public void onAttempt(CheckerKind kind, long durationNanos, boolean ok) {
                long ms = durationNanos / 1_000_000;
                int i = 0;
                while (ms >= bounds[i]) {
                    i++;
                }
                histogram.incrementAndGet(i);
                if (!ok) {
                    failedAttempts.incrementAndGet();
                }
            }
        };
        long self = ProcessHandle.current().pid();
        long rssBefore = BenchCpu.rssMb(self);
        List<RealServerTarget> targets = new ArrayList<>();
        CheckerConfig c = checker(http);
        for (InetSocketAddress s : addresses) {
            targets.add(RealServerTarget.of(new RealServerKey("bench", s.getAddress(), s.getPort()), c));
        }
        try (HealthCheckEngine engine = HealthCheckEngine.start(EngineOptions.defaults()
                .withNetworkNamespace(lab.ns("dir")), NativePorts.PORTS, listener)) {
            engine.update(targets);
            Thread.sleep(3000); // first checks spread over the warmup (delay_loop), then the JIT settles
            for (int i = 0; i < bounds.length; i++) {
                histogram.set(i, 0);
            }
            failedAttempts.set(0);
            long a0 = attempts(engine);
            long s0 = servers.accepted();
            long cpu0 = cpu(t -> t.startsWith("vigil-hc-loop"));
            long alloc0 = allocated(t -> t.startsWith("vigil-hc-loop"));
            long wait0 = BenchCpu.runQueueWaitNanos("vigil-hc-loop");
            long proc0 = BenchCpu.processCpuNanos(self, false);
            long srv0 = servers.cpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long a1 = attempts(engine);
            long s1 = servers.accepted();
            long cpu1 = cpu(t -> t.startsWith("vigil-hc-loop"));
            long alloc1 = allocated(t -> t.startsWith("vigil-hc-loop"));
            long wait1 = BenchCpu.runQueueWaitNanos("vigil-hc-loop");
            long proc1 = BenchCpu.processCpuNanos(self, false);
            long srv1 = servers.cpuNanos();
            long t1 = System.nanoTime();
            double secs = (t1 - t0) / 1e9;
            double rate = (a1 - a0) / secs;
            List<RealServerStatus> st = engine.status();
            long failed = st.stream().filter(s -> !s.up()).count();
            double meanCheckMs = st.stream().mapToLong(s -> s.checkers().get(0).lastDurationNanos()).average()
                    .orElse(0) / 1e6;
            System.out.printf("%n== vigil engine, %s: %.0f checks/s sustained (servers accepted %.0f conn/s; %d"
                    + " servers, %d down at the end, %d false downs)%n", name, rate, (s1 - s0) / secs,
                    addresses.size(), failed, falseDowns.get());
            System.out.printf("   loop thread allocates %.1f KB per check; waited for a CPU %.0f ms per second (runnable,"
                    + " not running: other load on its core)%n", (alloc1 - alloc0) / 1024.0 / (a1 - a0),
                    (wait1 - wait0) / 1e6 / secs);
            System.out.printf("   loop thread CPU %.3f ms per 1000 checks (%.0f%% of one core); whole checker JVM"
                    + " %.0f%% of a core; server JVM %.0f%% of a core; mean check duration %.2f ms; bound"
                    + " servers/(delay_loop + duration) = %.0f/s; RSS %d MB (+%d MB for the engine)%n",
                    (cpu1 - cpu0) / 1e6 / ((a1 - a0) / 1000.0), (cpu1 - cpu0) * 100.0 / (t1 - t0),
                    (proc1 - proc0) * 100.0 / (t1 - t0), (srv1 - srv0) * 100.0 / (t1 - t0), meanCheckMs,
                    addresses.size() / (1 + meanCheckMs / 1000), BenchCpu.rssMb(self),
                    BenchCpu.rssMb(self) - rssBefore);
            StringBuilder h = new StringBuilder();
            long prev = 0;
            for (int i = 0; i < bounds.length; i++) {
                h.append(i == bounds.length - 1 ? ">=" + prev : "<" + bounds[i]).append(" ms: ")
                        .append(histogram.get(i)).append(i + 1 < bounds.length ? ", " : "");
                prev = bounds[i];
            }
            System.out.printf("   check durations in the window: %s; %d attempts failed%n", h, failedAttempts.get());
            if (!downReasons.isEmpty()) {
                System.out.printf("   false downs: %s%n", downReasons);
            }
            Detection[] d = detection(downAt, detected);
            return new Result(rate, (s1 - s0) / secs, (cpu1 - cpu0) / 1e6 / ((a1 - a0) / 1000.0), d[0], d[1]);
        }
    }

    /**
     * Takes down 500 servers (listener closed: refused) and the 100 servers of one address (removed: silent),
     * waits until {@code detected} (filled by the checker's reports, monotonic nanos) has them all or 10 s pass,
     * prints and returns the delays, and restores the servers.
     */
    Detection[] detection(Map<InetSocketAddress, Long> downAt, Map<InetSocketAddress, Long> detected)
            throws Exception {
        int n = addresses.size();
        List<InetSocketAddress> refuse = new ArrayList<>(addresses.subList(0, Math.min(500, n / 2)));
        List<InetSocketAddress> silent = new ArrayList<>(addresses.subList(n - PORTS, n));
        for (InetSocketAddress s : refuse) {
            downAt.put(s, System.nanoTime());
            servers.close(s);
        }
        String last = silent.get(0).getAddress().getHostAddress();
        long silentAt = System.nanoTime();
        for (InetSocketAddress s : silent) {
            downAt.put(s, silentAt);
        }
        lab.exec("rs", "ip", "addr", "del", last + "/24", "dev", "eth0");
        // -Dbench.detectWait=SECONDS: how long to wait for the reports (longer in an emulated VM)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("bench.detectWait", 10));
        while (detected.size() < refuse.size() + silent.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Detection r = delays(refuse, downAt, detected);
        Detection q = delays(silent, downAt, detected);
        System.out.printf("   detection, refused (listener closed): %s%n", r);
        System.out.printf("   detection, silent (address removed): %s%n", q);
        System.out.printf("   bound: delay_loop + connect_timeout + 100 ms = 2100 ms%n");
        lab.exec("rs", "ip", "addr", "add", last + "/24", "dev", "eth0");
        for (InetSocketAddress s : refuse) {
            servers.open(s);
        }
        return new Detection[] {r, q};
    }

    private static Detection delays(List<InetSocketAddress> set, Map<InetSocketAddress, Long> downAt,
            Map<InetSocketAddress, Long> detected) {
        long[] ms = set.stream().filter(detected::containsKey)
                .mapToLong(s -> (detected.get(s) - downAt.get(s)) / 1_000_000).sorted().toArray();
        return ms.length == 0 ? new Detection(0, set.size(), -1, -1)
                : new Detection(ms.length, set.size(), ms[ms.length / 2], ms[ms.length - 1]);
    }

    private static long attempts(HealthCheckEngine engine) {
        long sum = 0;
        for (RealServerStatus s : engine.status()) {
            sum += s.checkers().get(0).attempts();
        }
        return sum;
    }

    /** The reference: a blocking client on a fixed pool (thread per check in flight), same servers, same period. */
    private void runReference(String name, int seconds, boolean http) throws Exception {
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
        AtomicLong busyNanos = new AtomicLong();
        for (InetSocketAddress s : addresses) {
            pool.scheduleWithFixedDelay(() -> {
                long start = System.nanoTime();
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
                busyNanos.addAndGet(System.nanoTime() - start);
                done.incrementAndGet();
            }, ThreadLocalRandom.current().nextLong(1000), 1000, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(3000);
        long a0 = done.get();
        long b0 = busyNanos.get();
        long cpu0 = cpu(t -> t.equals("ref-check"));
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long a1 = done.get();
        long b1 = busyNanos.get();
        long cpu1 = cpu(t -> t.equals("ref-check"));
        long t1 = System.nanoTime();
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        double rate = (a1 - a0) / ((t1 - t0) / 1e9);
        System.out.printf("-- reference (blocking java.net.Socket, %d threads), %s: %.0f checks/s (%d failed);"
                + " CPU %.3f ms per 1000 checks; mean check duration %.2f ms; RSS %d MB%n", threads, name, rate,
                failures.get(), (cpu1 - cpu0) / 1e6 / ((a1 - a0) / 1000.0), (b1 - b0) / 1e6 / (a1 - a0),
                BenchCpu.rssMb(ProcessHandle.current().pid()));
    }

    /** Bytes allocated so far by the threads so named (HotSpot's per-thread allocation counter). */
    private static long allocated(Predicate<String> threadName) {
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) THREADS;
        long sum = 0;
        for (Thread th : Thread.getAllStackTraces().keySet()) {
            if (threadName.test(th.getName())) {
                sum += Math.max(0, t.getThreadAllocatedBytes(th.getId()));
            }
        }
        return sum;
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
}
