package io.vigil.healthcheck.bench;

import io.vigil.core.netns.NetnsLab;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * keepalived's checker against vigil's engine on the same 5,000 real servers, TCP_CHECK, in the same run: a
 * harness for a machine with kernel IPVS, which keepalived's checker needs (it installs the virtual servers before
 * it checks). Where the host kernel has none, run it inside the IPVS VM:
 *
 * <pre>
 *   tools/ipvs-vm/run-in-vm.sh --timeout 1800 -- sh -c 'ulimit -n 65536 &amp;&amp; exec java -cp CLASSPATH \
 *       io.vigil.healthcheck.bench.KeepalivedCheckBenchmark [SERVERS] [SECONDS]'
 * </pre>
 *
 * keepalived 2.2 runs as {@code keepalived --check --dont-fork --log-console}: 100 virtual servers (one per port,
 * NAT) of 50 real servers each, delay_loop 1, connect_timeout 1, retry 0, as the engine's run. Measured for both:
 * connections the servers accepted per second (the same counter for both), the checker's CPU per 1,000 checks
 * (keepalived's checker process; the engine's loop thread and, for a fair total, its whole JVM), and the
 * detection delay, from keepalived's "TCP_CHECK on service ... failed" lines (timestamped on arrival) and the
 * engine's DOWN events. Prints vigil / keepalived ratios.
 */
public final class KeepalivedCheckBenchmark {

    private static final Pattern FAILED = Pattern.compile("TCP_CHECK on service \\[([0-9.]+)\\]:tcp:([0-9]+) failed");

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        requireFiles(2 * n + 1000);
        require("keepalived", "--version");
        require("ipvsadm", "--version");
        try (NetnsLab lab = NetnsLab.create()) {
            int addrs = HealthCheckBenchmark.setUp(lab, n);
            String ipvs = lab.execUnchecked("dir", "ipvsadm", "-Ln");
            if (!ipvs.contains("IP Virtual Server")) {
                throw new IllegalStateException("no kernel IPVS here (ipvsadm -Ln: " + ipvs.strip() + "): keepalived's"
                        + " checker cannot run; run this harness inside tools/ipvs-vm/run-in-vm.sh");
            }
            List<InetSocketAddress> list = HealthCheckBenchmark.targets(n);
            int cpus = Runtime.getRuntime().availableProcessors();
            try (ServerProcess servers = new ServerProcess(lab, "rs", "198.51.100.10", addrs,
                    HealthCheckBenchmark.PORTS, cpus > 1 ? cpus - 1 : -1)) {
                System.out.printf("%d real servers, TCP_CHECK, delay_loop 1 s, connect_timeout 1 s, retry 0, %d s"
                        + " per run, %d CPUs (%s)%n", n, seconds, cpus, Files.readString(Path.of("/proc/version"))
                        .split(" ")[2]);
                HealthCheckBenchmark.Result k = runKeepalived(lab, servers, list, seconds);
                lab.execUnchecked("dir", "ipvsadm", "-C");
                HealthCheckBenchmark.Result v = new HealthCheckBenchmark(lab, servers, list)
                        .runEngine("TCP_CHECK", seconds, false);
                System.out.printf("%n== vigil / keepalived: checks %.0f / %.0f per s (x%.2f); servers accepted %.0f"
                        + " / %.0f conn/s (x%.2f); checker CPU per 1000 checks %.1f / %.1f ms (x%.2f: vigil uses"
                        + " %.0f%% of keepalived's); detection (refused) median %d / %d ms, worst %d / %d ms;"
                        + " (silent) median %d / %d ms, worst %d / %d ms%n",
                        v.rate(), k.rate(), v.rate() / k.rate(), v.accepted(), k.accepted(),
                        v.accepted() / k.accepted(), v.cpuPerK(), k.cpuPerK(), v.cpuPerK() / k.cpuPerK(),
                        100 * v.cpuPerK() / k.cpuPerK(), v.refused().medianMs(), k.refused().medianMs(),
                        v.refused().worstMs(), k.refused().worstMs(), v.silent().medianMs(), k.silent().medianMs(),
                        v.silent().worstMs(), k.silent().worstMs());
            }
        }
    }

    /** The engine and keepalived each hold a socket per check in flight: the open-file limit must allow them. */
    private static void requireFiles(long needed) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (l.startsWith("Max open files")) {
                long soft = Long.parseLong(l.substring(26).trim().split("\\s+")[0]);
                if (soft < needed) {
                    throw new IllegalStateException("open-file limit " + soft + " < " + needed + ": run under"
                            + " 'ulimit -n 65536'");
                }
            }
        }
    }

    private static void require(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(cmd[0] + " is needed (apt-get install " + cmd[0] + "): " + e, e);
        }
    }

    /** keepalived.conf: one NAT virtual server per port, the real servers of every address behind it. */
    static String config(List<InetSocketAddress> servers) {
        StringBuilder b = new StringBuilder("global_defs {\n  router_id bench\n}\n");
        Map<Integer, StringBuilder> byPort = new java.util.TreeMap<>();
        for (InetSocketAddress s : servers) {
            byPort.computeIfAbsent(s.getPort(), p -> new StringBuilder()).append("""
                      real_server %s %d {
                        TCP_CHECK {
                          connect_timeout 1
                          retry 0
                        }
                      }
                    """.formatted(s.getAddress().getHostAddress(), s.getPort()));
        }
        for (Map.Entry<Integer, StringBuilder> e : byPort.entrySet()) {
            b.append("virtual_server 192.0.2.100 ").append(e.getKey()).append(" {\n  delay_loop 1\n  lb_algo rr\n"
                    + "  lb_kind NAT\n  protocol TCP\n").append(e.getValue()).append("}\n");
        }
        return b.toString();
    }

    private static HealthCheckBenchmark.Result runKeepalived(NetnsLab lab, ServerProcess servers,
            List<InetSocketAddress> list, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("ka-bench");
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, config(list));
        Map<InetSocketAddress, Long> downAt = new ConcurrentHashMap<>();
        Map<InetSocketAddress, Long> detected = new ConcurrentHashMap<>();
        AtomicLong falseDowns = new AtomicLong();
        Process ka = new ProcessBuilder("ip", "netns", "exec", lab.ns("dir"), "keepalived", "--check",
                "--dont-fork", "--log-console", "-f", conf.toString(), "-p", dir.resolve("k.pid").toString(),
                "-c", dir.resolve("c.pid").toString()).redirectErrorStream(true).start();
        Path log = dir.resolve("keepalived.log");
        AtomicLong failedLines = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(ka.getInputStream(),
                    StandardCharsets.UTF_8)); java.io.Writer w = Files.newBufferedWriter(log)) {
                String line;
                while ((line = r.readLine()) != null) {
                    long now = System.nanoTime();
                    w.write(line);
                    w.write('\n');
                    Matcher m = FAILED.matcher(line);
                    if (m.find()) {
                        failedLines.incrementAndGet();
                        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(m.group(1)),
                                Integer.parseInt(m.group(2)));
                        if (downAt.containsKey(a)) {
                            detected.putIfAbsent(a, now);
                        } else {
                            falseDowns.incrementAndGet();
                        }
                    }
                }
            } catch (Exception e) {
                // keepalived ended
            }
        }, "keepalived-log");
        reader.setDaemon(true);
        reader.start();
        try {
            // the checker process: its pid file appears once it forked
            long checker = awaitPid(dir.resolve("c.pid"), ka);
            // it installs 100 virtual servers and 5,000 destinations, then spreads the first checks over delay_loop
            Thread.sleep(10_000);
            long s0 = servers.accepted();
            long c0 = BenchCpu.processCpuNanos(checker, false);
            long srv0 = servers.cpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long s1 = servers.accepted();
            long c1 = BenchCpu.processCpuNanos(checker, false);
            long srv1 = servers.cpuNanos();
            long t1 = System.nanoTime();
            double secs = (t1 - t0) / 1e9;
            double rate = (s1 - s0) / secs;
            System.out.printf("%n== keepalived %s checker, TCP_CHECK: %.0f checks/s (servers accepted; %d false"
                    + " downs); checker process CPU %.3f ms per 1000 checks (%.0f%% of one core); server JVM %.0f%%"
                    + " of a core; RSS %d MB%n", version(), rate, falseDowns.get(), (c1 - c0) / 1e6 / ((s1 - s0)
                    / 1000.0), (c1 - c0) * 100.0 / (t1 - t0), (srv1 - srv0) * 100.0 / (t1 - t0),
                    BenchCpu.rssMb(checker));
            HealthCheckBenchmark.Detection[] d = new HealthCheckBenchmark(lab, servers, list).detection(downAt,
                    detected);
            System.out.printf("   keepalived logged %d TCP_CHECK failures (its log: %s)%n", failedLines.get(), log);
            return new HealthCheckBenchmark.Result(rate, rate, (c1 - c0) / 1e6 / ((s1 - s0) / 1000.0), d[0], d[1]);
        } finally {
            ka.destroy();
            if (!ka.waitFor(20, TimeUnit.SECONDS)) {
                NetnsLab.kill9(ka);
            }
        }
    }

    private static long awaitPid(Path pidFile, Process ka) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!ka.isAlive()) {
                throw new IllegalStateException("keepalived exited with " + ka.exitValue());
            }
            if (Files.exists(pidFile)) {
                String s = Files.readString(pidFile).trim();
                if (!s.isEmpty()) {
                    return Long.parseLong(s);
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("keepalived's checker did not start within 60 s");
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder("keepalived", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("v([0-9.]+)").matcher(v);
            return m.find() ? m.group(1) : "?";
        } catch (Exception e) {
            return "?";
        }
    }
}
