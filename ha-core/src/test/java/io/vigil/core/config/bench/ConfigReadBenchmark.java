package io.vigil.core.config.bench;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.LoadResult;
import io.vigil.core.netns.NetnsLab;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reading a large keepalived.conf: vigil against {@code keepalived -t} on the same file, in one run.
 *
 * <p>The config has 1,000 vrrp_instances (on eth0..eth3, VRIDs 1-250 each) and 1,000 virtual servers of 10 real
 * servers with a TCP_CHECK each, about 90,000 lines; it is written to {@code ha-core/target/bench/}.
 * keepalived checks that the interfaces exist, so it runs in a throw-away network namespace that has them
 * ({@link NetnsLab}; needs root). Figures:
 *
 * <ul>
 *   <li>keepalived: wall time, CPU time and peak RSS of {@code keepalived -t -f FILE} (GNU time), median of 9;</li>
 *   <li>vigil in a fresh JVM ({@code vigil check} as an operator runs it): the same, median of 9;</li>
 *   <li>vigil in process (the daemon's start-up and SIGHUP): the first load of this JVM, the median of 50 warm
 *       loads, and the heap the model holds.</li>
 * </ul>
 *
 * <p>Run (root, GNU time installed): {@code ./mvnw -B -o -q -pl ha-core test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.vigil.core.config.bench.ConfigReadBenchmark}; under exec:java the
 * "first load" shares Maven's JVM, so run it with plain {@code java -cp ...} for a clean first-load figure.
 */
public final class ConfigReadBenchmark {

    private static final int RUNS = 9;

    private ConfigReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "ha-core/target/bench").toAbsolutePath();
        Files.createDirectories(dir);
        Path conf = dir.resolve("keepalived-bench.conf");
        int lines = generate(conf, 1000, 1000, 10);
        System.out.printf(Locale.ROOT, "config: %s, %d lines, %d bytes%n", conf, lines, Files.size(conf));

        // vigil, in this process
        long t0 = System.nanoTime();
        LoadResult first = ConfigLoader.load(conf, new LoadOptions("bench"));
        double firstMs = (System.nanoTime() - t0) / 1e6;
        if (!first.isValid()) {
            first.errors().stream().limit(10).forEach(System.out::println);
            throw new IllegalStateException("the benchmark config does not load");
        }
        first = null;
        double[] warm = new double[50];
        for (int i = 0; i < warm.length; i++) {
            long s = System.nanoTime();
            ConfigLoader.load(conf, new LoadOptions("bench"));
            warm[i] = (System.nanoTime() - s) / 1e6;
        }
        long heapBefore = usedHeapAfterGc();
        LoadResult kept = ConfigLoader.load(conf, new LoadOptions("bench"));
        long heapModel = usedHeapAfterGc() - heapBefore;
        System.out.printf(Locale.ROOT, "vigil in-process: first load %.1f ms, warm median %.1f ms (of 50), model"
                + " heap %.1f MB (%d instances, %d virtual servers)%n", firstMs, median(warm), heapModel / 1e6,
                kept.config().vrrpInstances().size(), kept.config().virtualServers().size());

        // vigil, fresh JVM, as `vigil check` runs (same JVM flags as packaging/bin/vigil)
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<double[]> fresh = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            fresh.add(timed(List.of("/usr/bin/time", "-f", "%e %U %S %M", java, "-XX:+UseSerialGC", "-Xss512k",
                    "-XX:TieredStopAtLevel=1", "-cp", classpath(),
                    CheckMain.class.getName(), conf.toString()), "vigil"));
        }
        double[] vigilWall = fresh.stream().mapToDouble(a -> a[0]).toArray();
        double[] vigilCpu = fresh.stream().mapToDouble(a -> a[1]).toArray();
        double[] vigilRss = fresh.stream().mapToDouble(a -> a[2]).toArray();

        // keepalived -t, in a namespace with the interfaces it checks
        double[] kaWall = new double[RUNS];
        double[] kaCpu = new double[RUNS];
        double[] kaRss = new double[RUNS];
        try (NetnsLab lab = NetnsLab.create()) {
            lab.addSegment("lan");
            lab.addHost("ka");
            for (int i = 0; i < 4; i++) {
                lab.connect("ka", "lan", "eth" + i, "192.0.2." + (10 + i) + "/24");
            }
            for (int i = 0; i < RUNS; i++) {
                double[] r = timed(List.of("ip", "netns", "exec", lab.ns("ka"), "/usr/bin/time", "-f", "%e %U %S %M",
                        "keepalived", "-t", "-f", conf.toString()), "keepalived");
                kaWall[i] = r[0];
                kaCpu[i] = r[1];
                kaRss[i] = r[2];
            }
        }
        System.out.printf(Locale.ROOT, "keepalived -t:     wall %.3f s, CPU %.3f s, peak RSS %.1f MB (median of %d)%n",
                median(kaWall), median(kaCpu), median(kaRss) / 1024, RUNS);
        System.out.printf(Locale.ROOT, "vigil fresh JVM:   wall %.3f s, CPU %.3f s, peak RSS %.1f MB (median of %d)%n",
                median(vigilWall), median(vigilCpu), median(vigilRss) / 1024, RUNS);
        System.out.printf(Locale.ROOT, "ratios (vigil / keepalived -t wall): in-process warm %.2f, in-process first"
                + " %.2f, fresh JVM %.2f (CPU %.2f); peak RSS %.2f%n", median(warm) / 1000 / median(kaWall),
                firstMs / 1000 / median(kaWall), median(vigilWall) / median(kaWall),
                median(vigilCpu) / median(kaCpu), median(vigilRss) / median(kaRss));
    }

    /** This JVM's classpath, also under {@code exec:java} (where the project classes are in a class loader). */
    private static String classpath() {
        ClassLoader cl = ConfigReadBenchmark.class.getClassLoader();
        if (cl instanceof java.net.URLClassLoader u) {
            StringBuilder b = new StringBuilder();
            for (java.net.URL url : u.getURLs()) {
                if (b.length() > 0) {
                    b.append(java.io.File.pathSeparatorChar);
                }
                b.append(url.getPath());
            }
            return b.toString();
        }
        return System.getProperty("java.class.path");
    }

    /** Runs a command under GNU time; returns {wall seconds, CPU seconds, max RSS KiB} from its last line. */
    private static double[] timed(List<String> cmd, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        String[] lines = out.strip().split("\n");
        String[] last = lines[lines.length - 1].trim().split(" ");
        if (what != null && status != 0 && !lines[lines.length - 1].matches("[0-9. ]+")) {
            throw new IllegalStateException(what + " failed: " + out);
        }
        if (status != 0 && what != null) {
            throw new IllegalStateException(what + " rejected the benchmark config (exit " + status + "):\n" + out);
        }
        return new double[] {Double.parseDouble(last[0]), Double.parseDouble(last[1]) + Double.parseDouble(last[2]),
            Double.parseDouble(last[3])};
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Writes the benchmark config; returns its number of lines. */
    static int generate(Path file, int instances, int services, int realsPerService) throws IOException {
        StringBuilder b = new StringBuilder(4 << 20);
        b.append("global_defs {\n    router_id bench\n    vrrp_garp_master_delay 2\n}\n");
        for (int i = 0; i < instances; i++) {
            int vrid = i % 250 + 1;
            b.append("vrrp_instance VI_").append(i).append(" {\n")
                    .append("    state ").append(i % 2 == 0 ? "MASTER" : "BACKUP").append('\n')
                    .append("    interface eth").append(i / 250).append('\n')
                    .append("    virtual_router_id ").append(vrid).append('\n')
                    .append("    priority ").append(100 + i % 50).append('\n')
                    .append("    advert_int 1\n")
                    .append("    virtual_ipaddress {\n")
                    .append("        10.").append(100 + i / 250).append('.').append(vrid).append(".1/32\n")
                    .append("        10.").append(100 + i / 250).append('.').append(vrid).append(".2/32\n")
                    .append("    }\n}\n");
        }
        for (int v = 0; v < services; v++) {
            b.append("virtual_server 172.16.").append(v / 250).append('.').append(v % 250 + 1).append(" 80 {\n")
                    .append("    delay_loop 6\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n");
            for (int r = 0; r < realsPerService; r++) {
                b.append("    real_server 10.").append(v / 250).append('.').append(v % 250).append('.')
                        .append(r + 1).append(" 80 {\n        weight 1\n        TCP_CHECK {\n")
                        .append("            connect_timeout 3\n        }\n    }\n");
            }
            b.append("}\n");
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return (int) b.chars().filter(c -> c == '\n').count();
    }

    /** What the fresh JVM runs: a load as {@code vigil check} does, exit 0 valid, 1 invalid. */
    public static final class CheckMain {
        private CheckMain() {
        }

        public static void main(String[] args) {
            LoadResult r = ConfigLoader.load(Path.of(args[0]), new LoadOptions("bench"));
            System.exit(r.isValid() ? 0 : 1);
        }
    }
}
