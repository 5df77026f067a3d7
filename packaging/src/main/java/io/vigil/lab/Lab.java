package io.vigil.lab;

import io.vigil.core.netns.NetnsLab;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demonstration lab: a client and two vigil directors on one segment, in network namespaces. The pair elects
 * a master for a VIP; the client pings the VIP 100 times a second; the master is killed with SIGKILL, the backup
 * takes over; the killed director comes back and preempts. Everything is printed as a timeline, with the
 * requests lost during each failover, and everything is removed at the end, also on Ctrl-C.
 */
public final class Lab {

    static final String VIP = "192.0.2.100";
    /** Master_Down_Interval of the priority-100 backup at advert_int 0.1 (VRRPv3). */
    public static final double BACKUP_MDI_MS = 360.9375;

    private final Path launcher;
    private final PrintStream out;
    private final long t0 = System.nanoTime();

    /** What a run measured, for the test of the lab. */
    public record Result(double takeoverMs, double preemptMs, int pingsSent, int pingsLost, boolean arpMoved) {
    }

    public Lab(Path launcher, PrintStream out) {
        this.launcher = launcher;
        this.out = out;
    }

    static String config(String router, int priority) {
        return """
                ! vigil lab: director %s (keepalived syntax)
                global_defs {
                  router_id %s
                }
                vrrp_instance VI_LAB {
                  state BACKUP
                  interface eth0
                  virtual_router_id 42
                  version 3
                  priority %d
                  advert_int 0.1
                  virtual_ipaddress {
                    %s/24
                  }
                }
                """.formatted(router, router, priority, VIP);
    }

    public Result run() throws Exception {
        NetnsLab.requireRoot();
        Path dir = Files.createTempDirectory("vigil-lab");
        try (NetnsLab lab = NetnsLab.create()) {
            lab.addSegment("lan");
            for (String h : List.of("d1", "d2", "client")) {
                lab.addHost(h);
            }
            lab.connect("d1", "lan", "eth0", "192.0.2.1/24");
            lab.connect("d2", "lan", "eth0", "192.0.2.2/24");
            lab.connect("client", "lan", "eth0", "192.0.2.10/24");
            String mac1 = mac(lab, "d1");
            String mac2 = mac(lab, "d2");
            say("lab ready: client 192.0.2.10, d1 192.0.2.1 (%s, priority 150), d2 192.0.2.2 (%s, priority 100),"
                    + " VIP %s, VRRPv3 every 100 ms", mac1, mac2, VIP);
            Files.writeString(dir.resolve("d1.conf"), config("d1", 150));
            Files.writeString(dir.resolve("d2.conf"), config("d2", 100));
            Process d1 = startVigil(lab, dir, "d1");
            Process d2 = startVigil(lab, dir, "d2");
            say("started vigil on d1 (pid %d) and d2 (pid %d)", d1.pid(), d2.pid());
            awaitVip(lab, "d1", true, 30_000);
            say("d1 is MASTER: the VIP is on d1");

            Path pingLog = dir.resolve("ping.log");
            Process ping = lab.start("client", pingLog, "ping", "-n", "-D", "-O", "-i", "0.01", "-W", "0.2", VIP);
            say("client pings the VIP every 10 ms");
            pause(1500);
            say("client's ARP entry for the VIP: %s (d1)", neighbour(lab));

            say("d1 crashes: kill -9 of vigil (pid %d) and its link goes down", d1.pid());
            long kill = System.nanoTime();
            NetnsLab.kill9(d1);
            lab.exec("d1", "ip", "link", "set", "eth0", "down");
            awaitVip(lab, "d2", true, 10_000);
            double takeover = (System.nanoTime() - kill) / 1e6;
            say("d2 holds the VIP, %.0f ms after the kill (the backup's Master_Down_Interval is %.1f ms)",
                    takeover, BACKUP_MDI_MS);
            long until = System.nanoTime() + 2_000_000_000L;
            boolean arpMoved = false;
            while (System.nanoTime() < until && !(arpMoved = neighbour(lab).equals(mac2))) {
                pause(5);
            }
            say("client's ARP entry for the VIP: %s (%s), rewritten by d2's gratuitous ARP", neighbour(lab),
                    arpMoved ? "d2" : "unchanged!");
            pause(1500);

            lab.exec("d1", "ip", "link", "set", "eth0", "up");
            Process d1again = startVigil(lab, dir, "d1");
            long back = System.nanoTime();
            say("d1 comes back (link up, vigil pid %d) with the higher priority; vigil removes the VIP the crash"
                    + " left on it", d1again.pid());
            awaitVip(lab, "d1", true, 30_000);
            awaitVip(lab, "d2", false, 5_000);
            double preempt = (System.nanoTime() - back) / 1e6;
            say("d1 preempted d2: the VIP is on d1 again (%.0f ms after d1 started, JVM start included)", preempt);
            pause(1000);

            ping.destroy();
            ping.waitFor(5, TimeUnit.SECONDS);
            int[] counts = pingCounts(pingLog);
            say("client: %d pings sent, %d unanswered across the two failovers", counts[0], counts[1]);
            for (Process p : List.of(d2, d1again)) {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
            say("stopped both directors (SIGTERM); removing the lab");
            return new Result(takeover, preempt, counts[0], counts[1], arpMoved);
        } finally {
            deleteTree(dir);
        }
    }

    private Process startVigil(NetnsLab lab, Path dir, String host) {
        return lab.start(host, dir.resolve(host + "-" + System.nanoTime() + ".log"), launcher.toString(), "run",
                "-f", dir.resolve(host + ".conf").toString(), "--metrics", "off", "--control",
                dir.resolve(host + ".sock").toString());
    }

    private static void awaitVip(NetnsLab lab, String host, boolean present, long millis) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (hasVip(lab, host) != present) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the VIP did not " + (present ? "appear on " : "leave ") + host
                        + " within " + millis + " ms");
            }
            pause(5);
        }
    }

    static boolean hasVip(NetnsLab lab, String host) {
        return lab.execUnchecked(host, "ip", "-4", "-o", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    static String mac(NetnsLab lab, String host) {
        return lab.exec(host, "cat", "/sys/class/net/eth0/address").trim();
    }

    static String neighbour(NetnsLab lab) {
        String[] f = lab.execUnchecked("client", "ip", "neigh", "show", VIP).trim().split("\\s+");
        for (int i = 0; i + 1 < f.length; i++) {
            if (f[i].equals("lladdr")) {
                return f[i + 1];
            }
        }
        return "(none)";
    }

    /** Pings sent and unanswered, from {@code ping -O} output. */
    static int[] pingCounts(Path log) throws IOException {
        Pattern seq = Pattern.compile("icmp_seq=(\\d+)");
        int max = 0;
        java.util.Set<Integer> answered = new java.util.HashSet<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = seq.matcher(line);
            if (m.find()) {
                int s = Integer.parseInt(m.group(1));
                max = Math.max(max, s);
                if (line.contains("bytes from")) {
                    answered.add(s);
                }
            }
        }
        return new int[] {max, max - answered.size()};
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

    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
