package io.vigil.bench;

import io.vigil.core.net.MacAddress;
import io.vigil.core.netns.NetnsLab;
import io.vigil.core.port.PacketSocket;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.socket.AfPacketSocketFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Steady-state cost of many VRIDs at a short interval, vigil against keepalived on the same rig in the same run:
 * 255 VRRPv3 instances at 10 ms (25,500 adverts a second from the master), a master and a backup in namespaces.
 * Prints CPU seconds per minute of each director (its whole process tree, from /proc), resident memory, the
 * longest gap between two adverts of one VRID seen by a client on the segment, and whether the backup ever took
 * a VIP (a false failover).
 *
 * <p>Run as root after a build: {@code packaging/bench/run adverts [SECONDS] [VRIDS] [INTERVAL_S]}
 * (defaults 20 s, 255, 0.01).
 */
public final class AdvertLoadBenchmark {

    record Load(double masterCpuPerMin, double backupCpuPerMin, long masterRssKb, long backupRssKb, double worstGapMs,
                long adverts, boolean falseFailover) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int vrids = args.length > 1 ? Integer.parseInt(args[1]) : 255;
        String interval = args.length > 2 ? args[2] : "0.01";
        Path launcher = Path.of(System.getProperty("vigil.launcher", "packaging/bin/vigil")).toAbsolutePath();
        System.out.printf(Locale.ROOT, "advert load: %d VRRPv3 instances at advert_int %s s, measured over %d s%n",
                vrids, interval, seconds);
        List<String[]> rows = new ArrayList<>();
        Load v = null;
        Load k = null;
        for (String daemon : List.of("vigil", "keepalived")) {
            try (NetnsLab lab = NetnsLab.create()) {
                lab.addSegment("lan");
                for (String h : List.of("d1", "d2", "client")) {
                    lab.addHost(h);
                }
                lab.connect("d1", "lan", "eth0", "192.0.2.1/24");
                lab.connect("d2", "lan", "eth0", "192.0.2.2/24");
                lab.connect("client", "lan", "eth0", "192.0.2.10/24");
                Path dir = Files.createTempDirectory("advert-load");
                Load l = measure(lab, dir, launcher, daemon, vrids, interval, seconds);
                if (daemon.equals("vigil")) {
                    v = l;
                } else {
                    k = l;
                }
                rows.add(new String[] {daemon, f(l.masterCpuPerMin()), f(l.backupCpuPerMin()),
                    (l.masterRssKb() / 1024) + " / " + (l.backupRssKb() / 1024), f(l.worstGapMs()),
                    Long.toString(l.adverts()), l.falseFailover() ? "YES" : "no"});
            }
        }
        System.out.printf(Locale.ROOT, "%n  %-11s %-20s %-20s %-16s %-16s %-14s %s%n", "daemon", "master CPU-s/min",
                "backup CPU-s/min", "RSS MB m / b", "worst gap ms", "adverts seen", "false failover");
        for (String[] r : rows) {
            System.out.printf(Locale.ROOT, "  %-11s %-20s %-20s %-16s %-16s %-14s %s%n", (Object[]) r);
        }
        System.out.printf(Locale.ROOT, "  ratio vigil/keepalived: master CPU %.2f, backup CPU %.2f%n",
                v.masterCpuPerMin() / k.masterCpuPerMin(), v.backupCpuPerMin() / k.backupCpuPerMin());
    }

    static String f(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    static String config(int vrids, int priority, String interval) {
        StringBuilder sb = new StringBuilder();
        for (int v = 1; v <= vrids; v++) {
            sb.append("vrrp_instance VI_").append(v).append(" {\n  state BACKUP\n  interface eth0\n")
                    .append("  virtual_router_id ").append(v).append("\n  version 3\n  priority ").append(priority)
                    .append("\n  advert_int ").append(interval).append("\n  virtual_ipaddress {\n    198.51.100.")
                    .append(v).append("/32\n  }\n}\n");
        }
        return sb.toString();
    }

    static Process start(NetnsLab lab, Path dir, Path launcher, String daemon, String host, String conf) throws Exception {
        Path c = dir.resolve(host + ".conf");
        Files.writeString(c, conf);
        Path log = dir.resolve(host + ".log");
        if (daemon.equals("vigil")) {
            // each director its own control socket: the namespaces share the file system, and a second daemon refuses
            // to start beside one that answers on the default socket
            return lab.start(host, log, launcher.toString(), "run", "-f", c.toString(), "--metrics", "off",
                    "--control", dir.resolve(host + ".sock").toString());
        }
        return lab.start(host, log, "keepalived", "--dont-fork", "--log-console", "--vrrp", "-f", c.toString(), "-p",
                dir.resolve(host + ".pid").toString(), "-r", dir.resolve(host + ".vpid").toString());
    }

    static Load measure(NetnsLab lab, Path dir, Path launcher, String daemon, int vrids, String interval,
                        int seconds) throws Exception {
        Process d1 = start(lab, dir, launcher, daemon, "d1", config(vrids, 150, interval));
        Process d2 = start(lab, dir, launcher, daemon, "d2", config(vrids, 100, interval));
        try {
            long end = System.nanoTime() + 120_000_000_000L;
            while (!(count(lab, "d1") == vrids && count(lab, "d2") == 0)) {
                for (Process p : List.of(d1, d2)) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException(daemon + " exited with status " + p.exitValue()
                                + " before the pair was stable; see the logs in " + dir);
                    }
                }
                if (System.nanoTime() > end) {
                    throw new IllegalStateException(daemon + ": no stable pair after 120 s; see the logs in " + dir);
                }
                Thread.sleep(200);
            }
            Thread.sleep(3000);
            PacketSocket adverts = NetNamespace.call(lab.ns("client"), () -> new AfPacketSocketFactory()
                    .open("eth0", 0x0800, 112, List.of(MacAddress.parse("01:00:5e:00:00:12"))));
            long[] last = new long[256];
            double[] worst = new double[1];
            long[] seen = new long[1];
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        List<PacketSocket.ReceivedPacket> batch = adverts.receive(64);
                        if (batch.isEmpty()) {
                            return;
                        }
                        long now = System.nanoTime();
                        for (PacketSocket.ReceivedPacket p : batch) {
                            byte[] b = p.ipPacket();
                            if (b.length > 21 && b[12] == (byte) 192 && b[15] == 1) {
                                int vrid = b[21] & 0xff;
                                if (last[vrid] != 0) {
                                    worst[0] = Math.max(worst[0], (now - last[vrid]) / 1e6);
                                }
                                last[vrid] = now;
                                seen[0]++;
                            }
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            }, "bench-adverts");
            reader.setDaemon(true);
            reader.start();
            long cpu1 = cpuTicks(d1);
            long cpu2 = cpuTicks(d2);
            long t0 = System.nanoTime();
            boolean falseFailover = false;
            while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
                Thread.sleep(500);
                if (count(lab, "d2") != 0) {
                    falseFailover = true;
                }
            }
            double minutes = (System.nanoTime() - t0) / 60e9;
            double hz = 100.0;
            double c1 = (cpuTicks(d1) - cpu1) / hz / minutes;
            double c2 = (cpuTicks(d2) - cpu2) / hz / minutes;
            long rss1 = rssKb(d1);
            long rss2 = rssKb(d2);
            adverts.close();
            reader.join(2000);
            return new Load(c1, c2, rss1, rss2, worst[0], seen[0], falseFailover);
        } finally {
            NetnsLab.kill9(d1);
            NetnsLab.kill9(d2);
            d1.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static int count(NetnsLab lab, String host) {
        String out = lab.execUnchecked(host, "ip", "-4", "-o", "addr", "show", "dev", "eth0");
        int n = 0;
        for (String l : out.split("\n")) {
            if (l.contains(" 198.51.100.")) {
                n++;
            }
        }
        return n;
    }

    /** utime + stime of the process and its descendants, in clock ticks. */
    static long cpuTicks(Process p) throws Exception {
        long total = ticks(p.pid());
        for (ProcessHandle h : p.descendants().toList()) {
            total += ticks(h.pid());
        }
        return total;
    }

    static long ticks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long rssKb(Process p) throws Exception {
        long total = rss(p.pid());
        for (ProcessHandle h : p.descendants().toList()) {
            total += rss(h.pid());
        }
        return total;
    }

    static long rss(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
