package io.vigil.lab;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.netns.NetnsLab;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The demonstration lab (the README's main command, {@code vigil lab}), in network namespaces:
 *
 * <pre>
 *                  front 192.0.2.0/24                               back 198.51.100.0/24
 *  client .10 ----+---- d1 .1 (vigil, priority 150) eth1 .1 ----+---- rs3 .13 (NAT, HTTP :8080, gateway .254)
 *  prometheus .20 +---- d2 .2 (vigil, priority 100) eth1 .2 ----+
 *                 +---- rs1 .11, rs2 .12 (DR: VIP .100 on lo, HTTP :80)
 *  VIPs (VRRP sync group LAB): 192.0.2.100 (DR service), 192.0.2.101 (NAT service) on eth0; 198.51.100.254 on eth1
 * </pre>
 *
 * The directors run {@code vigil run} from a keepalived-style config the lab writes and prints; Debian's Prometheus
 * scrapes both with vigil's alert rules; the client sends HTTP requests to both VIPs at a steady rate; the master
 * is killed (kill -9, links down); the lab prints a timeline: which director held the VIPs when, how many requests
 * failed during the failover, when Prometheus fired the failover alert. Everything is removed at the end, also on
 * Ctrl-C (a shutdown hook; the namespaces and processes go with {@link NetnsLab}'s own).
 *
 * <p>Each director programs its own datapath from the config, as in production: nftables here, the host kernel
 * having no IPVS.
 */
public final class Lab {

    static final String DR_VIP = "192.0.2.100";
    static final String NAT_VIP = "192.0.2.101";
    static final String BACK_VIP = "198.51.100.254";
    /** Master_Down_Interval of the priority-100 backup at advert_int 0.1 (VRRPv3): 3 x 100 + 156/256 x 100 ms. */
    public static final double BACKUP_MDI_MS = 360.9375;
    /** Requests per VIP: one every 20 ms, each with a 500 ms deadline. */
    static final long INTERVAL_MS = 20;
    static final int TIMEOUT_MS = 500;

    private final Path launcher;
    private final PrintStream out;
    private final Path saveDir;
    private final long t0 = System.nanoTime();
    private final Instant wallT0 = Instant.now();

    /**
     * What a run measured, for the test of the lab.
     *
     * @param takeoverMs           from the kill to the VIPs on d2
     * @param requests             requests sent (both VIPs)
     * @param failed               requests that failed (no answer within the deadline), by VIP (DR, NAT)
     * @param failedOutsideFailover failed requests that started outside [kill - deadline, takeover + 300 ms]
     * @param servedBy             answers per real server
     * @param alertFired           Prometheus fired VigilFailover for d2
     * @param alertAfterKillMs     from the kill to the alert's activeAt
     * @param holders              the VIP's holders in order (d1, nobody, d2)
     * @param pids                 the processes the lab started (directors, Prometheus)
     * @param workDir              the lab's directory (deleted unless saved)
     */
    public record Result(double takeoverMs, int requests, Map<String, Integer> failed, int failedOutsideFailover,
                         Map<String, Integer> servedBy, boolean alertFired, double alertAfterKillMs,
                         List<String> holders, List<Long> pids, Path workDir) {
    }

    /**
     * @param launcher packaging/bin/vigil (the directors run it)
     * @param saveDir  where to keep configs, logs and Prometheus's data, or {@code null} for a temporary directory
     *                 removed at the end
     */
    public Lab(Path launcher, PrintStream out, Path saveDir) {
        this.launcher = launcher;
        this.out = out;
        this.saveDir = saveDir;
    }

    /** The config of a director (keepalived syntax; keepalived reads it as it is). */
    static String config(String router, int priority) {
        return """
                ! vigil lab: director %1$s (keepalived syntax)
                global_defs {
                  router_id %1$s
                }
                vrrp_sync_group LAB {
                  group {
                    VI_FRONT
                    VI_BACK
                  }
                }
                vrrp_instance VI_FRONT {
                  state BACKUP
                  interface eth0
                  virtual_router_id 42
                  version 3
                  priority %2$d
                  advert_int 0.1
                  virtual_ipaddress {
                    %3$s/24
                    %4$s/24
                  }
                }
                vrrp_instance VI_BACK {
                  state BACKUP
                  interface eth1
                  virtual_router_id 43
                  version 3
                  priority %2$d
                  advert_int 0.1
                  virtual_ipaddress {
                    %5$s/24
                  }
                }
                virtual_server %3$s 80 {
                  protocol TCP
                  lb_algo rr
                  lb_kind DR
                  delay_loop 2
                  real_server 192.0.2.11 80 {
                    TCP_CHECK {
                      connect_timeout 1
                    }
                  }
                  real_server 192.0.2.12 80 {
                    TCP_CHECK {
                      connect_timeout 1
                    }
                  }
                }
                virtual_server %4$s 80 {
                  protocol TCP
                  lb_algo rr
                  lb_kind NAT
                  delay_loop 2
                  real_server 198.51.100.13 8080 {
                    TCP_CHECK {
                      connect_timeout 1
                    }
                  }
                }
                """.formatted(router, priority, DR_VIP, NAT_VIP, BACK_VIP);
    }

    public Result run() throws Exception {
        NetnsLab.requireRoot();
        Path rules = launcher.toAbsolutePath().getParent().resolve("../alerts/vigil-alerts.yml").normalize();
        if (!Files.isRegularFile(rules)) {
            throw new IllegalStateException("the alert rules are not at " + rules);
        }
        Path dir = saveDir != null ? Files.createDirectories(saveDir) : Files.createTempDirectory("vigil-lab");
        List<AutoCloseable> closing = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread hook = new Thread(() -> {
            out.println("vigil lab: interrupted, removing the lab");
            closeAll(closing);
            if (saveDir == null) {
                deleteTree(dir);
            }
        }, "vigil-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try (NetnsLab lab = NetnsLab.create()) {
            return run(lab, dir, rules, closing);
        } finally {
            closeAll(closing);
            if (saveDir == null) {
                deleteTree(dir);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook does it
            }
        }
    }

    private Result run(NetnsLab lab, Path dir, Path rules, List<AutoCloseable> closing) throws Exception {
        say("building the lab in network namespaces (%s)", dir);
        lab.addSegment("front");
        lab.addSegment("back");
        for (String h : List.of("client", "d1", "d2", "rs1", "rs2", "rs3", "mon")) {
            lab.addHost(h);
        }
        lab.connect("client", "front", "eth0", "192.0.2.10/24");
        lab.connect("mon", "front", "eth0", "192.0.2.20/24");
        for (int i = 1; i <= 2; i++) {
            String d = "d" + i;
            lab.connect(d, "front", "eth0", "192.0.2." + i + "/24");
            lab.connect(d, "back", "eth1", "198.51.100." + i + "/24");
            lab.exec(d, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        }
        WebServers web = new WebServers();
        closing.add(web);
        for (int i = 1; i <= 2; i++) {
            String rs = "rs" + i;
            lab.connect(rs, "front", "eth0", "192.0.2.1" + i + "/24");
            lab.exec(rs, "ip", "addr", "add", DR_VIP + "/32", "dev", "lo");
            lab.exec(rs, "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
            web.start(lab.ns(rs), rs, 80);
        }
        lab.connect("rs3", "back", "eth0", "198.51.100.13/24");
        lab.exec("rs3", "ip", "route", "add", "default", "via", BACK_VIP);
        web.start(lab.ns("rs3"), "rs3", 8080);
        say("client 192.0.2.10; directors d1 192.0.2.1 and d2 192.0.2.2 (back: 198.51.100.1, .2); real servers rs1"
                + " 192.0.2.11 and rs2 192.0.2.12 (DR, the VIP on lo), rs3 198.51.100.13:8080 (NAT, gateway %s);"
                + " Prometheus 192.0.2.20", BACK_VIP);

        Map<String, VigilConfig> configs = new LinkedHashMap<>();
        for (String d : List.of("d1", "d2")) {
            Path f = dir.resolve(d + ".conf");
            Files.writeString(f, config(d, d.equals("d1") ? 150 : 100));
            configs.put(d, ConfigLoader.load(f, LoadOptions.defaults()).orThrow());
        }
        say("the directors' config (keepalived syntax; d2's says priority 100), %s:", dir.resolve("d1.conf"));
        for (String line : config("d1", 150).split("\n")) {
            out.println("            | " + line);
        }

        VipWatch watch = new VipWatch(Map.of("d1", lab.ns("d1"), "d2", lab.ns("d2")), InetAddresses.parse(DR_VIP));
        closing.add(watch);
        Process d1 = startVigil(lab, dir, "d1", "192.0.2.1");
        say("started vigil on d1 (pid %d)", d1.pid());
        long d1Master = watch.await("d1", 30_000);
        say("d1 is MASTER: the VIPs %s, %s and %s are on d1", DR_VIP, NAT_VIP, BACK_VIP);
        Process d2 = startVigil(lab, dir, "d2", "192.0.2.2");
        PrometheusServer prometheus = PrometheusServer.start(lab, "mon", "192.0.2.20", dir, rules,
                Map.of("d1", "192.0.2.1:9650", "d2", "192.0.2.2:9650"));
        say("started vigil on d2 (pid %d) and Prometheus (pid %d), which scrapes both every second with %s",
                d2.pid(), prometheus.process().pid(), rules);
        awaitScraped(prometheus);
        say("Prometheus sees both directors, one MASTER; no alert firing: %s", prometheus.alerts().stream()
                .filter(a -> a.state().equals("firing")).map(PrometheusServer.Alert::name).toList().isEmpty());

        HttpLoad load = new HttpLoad(lab.ns("client"), List.of(new HttpLoad.Target("DR", DR_VIP, 80),
                new HttpLoad.Target("NAT", NAT_VIP, 80)), INTERVAL_MS, TIMEOUT_MS);
        closing.add(load);
        load.start();
        say("client: an HTTP request to each VIP every %d ms (deadline %d ms each)", INTERVAL_MS, TIMEOUT_MS);
        pause(2000);

        say("d1 crashes: kill -9 of its vigil (pid %d), its links go down", d1.pid());
        long kill = System.nanoTime();
        NetnsLab.kill9(d1);
        lab.exec("d1", "ip", "link", "set", "eth0", "down");
        lab.exec("d1", "ip", "link", "set", "eth1", "down");
        long takeover = watch.await("d2", 10_000);
        double takeoverMs = (takeover - kill) / 1e6;
        say("d2 holds the VIPs, %.0f ms after the kill (its Master_Down_Interval is %.1f ms)", takeoverMs,
                BACKUP_MDI_MS);

        PrometheusServer.Alert fired = null;
        long alertDeadline = System.nanoTime() + 30_000_000_000L;
        while (fired == null && System.nanoTime() < alertDeadline) {
            fired = prometheus.alerts().stream().filter(a -> a.name().equals("VigilFailover")
                    && a.state().equals("firing") && "d2".equals(a.labels().get("host")))
                    .min(java.util.Comparator.comparing(a -> !"VI_FRONT".equals(a.labels().get("vrrp_instance"))))
                    .orElse(null);
            if (fired == null) {
                pause(200);
            }
        }
        double alertAfterKillMs = Double.NaN;
        if (fired != null) {
            double activeAt = (fired.activeAt().toEpochMilli() - wallT0.toEpochMilli()) / 1e3;
            alertAfterKillMs = activeAt * 1e3 - (kill - t0) / 1e6;
            say("Prometheus: VigilFailover firing for d2 (%s, reason %s), active since %.3f s, %.1f s after the"
                    + " kill", fired.labels().get("vrrp_instance"), fired.labels().get("reason"), activeAt,
                    alertAfterKillMs / 1e3);
        } else {
            say("Prometheus: VigilFailover did not fire within 30 s of the kill");
        }
        long settle = takeover + 1_500_000_000L - System.nanoTime();
        if (settle > 0) {
            pause(settle / 1_000_000L);
        }
        load.stop();
        List<HttpLoad.Request> requests = load.results();

        d2.destroy();
        d2.waitFor(20, TimeUnit.SECONDS);
        prometheus.process().destroy();
        prometheus.process().waitFor(10, TimeUnit.SECONDS);
        say("stopped d2 (SIGTERM) and Prometheus; removing the lab");

        return summarize(requests, watch.changes(), kill, takeover, d1Master, takeoverMs, fired != null,
                alertAfterKillMs, List.of(d1.pid(), d2.pid(), prometheus.process().pid()), dir);
    }

    private Result summarize(List<HttpLoad.Request> requests, List<VipWatch.Change> changes, long kill, long takeover,
                             long d1Master, double takeoverMs, boolean fired, double alertAfterKillMs, List<Long> pids,
                             Path dir) {
        out.println();
        out.println("timeline (seconds since the lab started):");
        List<String> holders = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            VipWatch.Change c = changes.get(i);
            String until = i + 1 < changes.size() ? String.format(Locale.ROOT, "%7.3f", secs(changes.get(i + 1)
                    .nanos())) : "    end";
            holders.add(c.holder());
            out.printf(Locale.ROOT, "  %7.3f .. %s  VIP %s on %s%n", secs(c.nanos()), until, DR_VIP, c.holder());
        }
        out.printf(Locale.ROOT, "  %7.3f           kill -9 of d1%n", secs(kill));
        if (fired) {
            out.printf(Locale.ROOT, "  %7.3f           VigilFailover firing in Prometheus%n",
                    secs(kill) + alertAfterKillMs / 1e3);
        }
        long windowStart = kill - TIMEOUT_MS * 1_000_000L;
        long windowEnd = takeover + 300_000_000L;
        Map<String, Integer> servedBy = new TreeMap<>();
        Map<String, Integer> failed = new TreeMap<>();
        int outside = 0;
        for (String target : List.of("DR", "NAT")) {
            int sent = 0;
            int bad = 0;
            long firstBad = Long.MAX_VALUE;
            long lastBad = Long.MIN_VALUE;
            Map<String, Integer> by = new TreeMap<>();
            for (HttpLoad.Request q : requests) {
                if (!q.target().name().equals(target)) {
                    continue;
                }
                sent++;
                if (q.ok()) {
                    by.merge(q.server(), 1, Integer::sum);
                    servedBy.merge(q.server(), 1, Integer::sum);
                } else {
                    bad++;
                    firstBad = Math.min(firstBad, q.startNanos());
                    lastBad = Math.max(lastBad, q.startNanos());
                    if (q.startNanos() < windowStart || q.startNanos() > windowEnd) {
                        outside++;
                    }
                }
            }
            failed.put(target, bad);
            out.printf(Locale.ROOT, "  requests to the %s VIP: %d sent, %d answered %s, %d failed%s%n", target, sent,
                    sent - bad, by, bad, bad == 0 ? "" : String.format(Locale.ROOT, " (started %.3f .. %.3f s)",
                            secs(firstBad), secs(lastBad)));
        }
        out.printf(Locale.ROOT, "  d1 was MASTER at %.3f s; takeover %.0f ms after the kill; %d requests failed, %d of"
                + " them outside the failover%n", secs(d1Master), takeoverMs,
                failed.values().stream().mapToInt(Integer::intValue).sum(), outside);
        out.flush();
        return new Result(takeoverMs, requests.size(), failed, outside, servedBy, fired, alertAfterKillMs, holders,
                pids, dir);
    }

    private void awaitScraped(PrometheusServer p) {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!(p.scalar("count(up{job=\"vigil\"} == 1)") == 2
                && p.scalar("sum(vigil_vrrp_state{vrrp_instance=\"VI_FRONT\"} == bool 2)") == 1
                && p.scalar("count(vigil_vrrp_state{vrrp_instance=\"VI_FRONT\"} == 1)") == 1)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Prometheus did not scrape both directors within 60 s");
            }
            pause(250);
        }
    }

    private Process startVigil(NetnsLab lab, Path dir, String host, String address) {
        return lab.start(host, dir.resolve(host + ".log"), launcher.toString(), "run", "-f",
                dir.resolve(host + ".conf").toString(), "--metrics", address + ":9650", "--control",
                dir.resolve(host + ".sock").toString());
    }

    private double secs(long nanos) {
        return (nanos - t0) / 1e9;
    }

    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, "%8.3f s  %s%n", (System.nanoTime() - t0) / 1e9, String.format(Locale.ROOT, format,
                args));
        out.flush();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void closeAll(List<AutoCloseable> closing) {
        List<AutoCloseable> all;
        synchronized (closing) {
            all = new ArrayList<>(closing);
            closing.clear();
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            List<Path> paths = s.sorted(java.util.Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // gone already, or being removed by the other cleanup
        }
    }
}
