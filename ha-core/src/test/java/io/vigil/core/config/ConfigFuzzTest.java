package io.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vigil.core.config.yaml.YamlConfigWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken input of every kind must give diagnostics, never an exception, a hang or unbounded memory: random bytes,
 * random token soup in keepalived's grammar, mutated and truncated samples, deep nesting, 10 MB files, include
 * cycles, runaway sequences and parameters, and the same for YAML. Seeds are fixed so a failure replays.
 *
 * <p>The time bounds are hang guards, far above the real times, not performance targets.
 */
class ConfigFuzzTest {

    private static final Path SAMPLES = Path.of("/usr/share/doc/keepalived/samples");

    @TempDir
    Path dir;

    private int counter;

    /** Limits scaled down for the runaway cases: the same code paths, a hundredth of the work. */
    private static final LoadOptions.Limits SMALL = new LoadOptions.Limits(65_536, 32, 4096, 40_000, 64, 10_000,
            512L * 1024 * 1024, Diagnostics.DEFAULT_LIMIT);

    private LoadResult loadBytes(byte[] content, String ext) throws IOException {
        return loadBytes(content, ext, LoadOptions.Limits.DEFAULT);
    }

    private LoadResult loadBytes(byte[] content, String ext, LoadOptions.Limits limits) throws IOException {
        Path f = dir.resolve("f" + (++counter) + ext);
        Files.write(f, content);
        return loadChecked(f, limits);
    }

    private static LoadResult loadChecked(Path f) {
        return loadChecked(f, LoadOptions.Limits.DEFAULT);
    }

    /** Loads and checks that nothing escaped as an internal error. */
    private static LoadResult loadChecked(Path f, LoadOptions.Limits limits) {
        LoadResult r = ConfigLoader.load(f, new LoadOptions("fuzz").withRandomSeed(7).withLimits(limits));
        assertThat(r.diagnostics()).as("internal errors for %s", f)
                .noneMatch(d -> d.message().startsWith("internal error"));
        assertThat(r.diagnostics().size()).isLessThanOrEqualTo(Diagnostics.DEFAULT_LIMIT + 1);
        if (r.config() == null) {
            assertThat(r.errors()).isNotEmpty();
        }
        return r;
    }

    @Test
    void randomBytes() {
        Random rnd = new Random(1);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 300; i++) {
                byte[] b = new byte[rnd.nextInt(8192)];
                rnd.nextBytes(b);
                loadBytes(b, i % 3 == 0 ? ".yaml" : ".conf");
            }
        });
    }

    private static final String[] WORDS = {"vrrp_instance", "virtual_server", "real_server", "global_defs",
        "vrrp_sync_group", "group", "vrrp_script", "track_script", "track_interface", "virtual_ipaddress",
        "virtual_router_id", "priority", "state", "MASTER", "interface", "eth0", "advert_int", "TCP_CHECK",
        "HTTP_GET", "url", "path", "MISC_CHECK", "misc_path", "SSL_GET", "lb_algo", "rr", "lb_kind", "NAT",
        "protocol", "TCP", "virtual_server_group", "fwmark", "1", "255", "300", "-1", "0.5", "192.0.2.1",
        "192.0.2.500", "2001:db8::1", "fe80::1/64", "{", "}", "{", "}", "\"", "'", "\\", "#", "!", "$X", "${X}",
        "$X=1", "$Y=\\", "@a", "@^a", "~SEQ(i,1,3)", "~SEQx(i,0,0xff)", "~LST(i,a,b)", "${_RANDOM 1 2}", "${_PWD}",
        "include", "includea", "*.conf", "weight", "reverse", "notify_master", "\"/bin/true a\"", "unicast_peer",
        "authentication", "auth_type", "PASS", "auth_pass", "static_routes", "via", "dev", "table", "nexthop",
        "static_rules", "from", "to", "sorry_server", "quorum", "hysteresis", "delay_loop", "connect_port",
        "status_code", "200-299", "digest", "use_vmac", "nopreempt", "strict_mode", "on", "track_file",
        "vrrp_track_process", "bfd_instance", "SSL", "\n", "\n", "\n", "\t", " "};

    @Test
    void tokenSoupInKeepalivedsGrammar() {
        Random rnd = new Random(2);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 600; i++) {
                StringBuilder b = new StringBuilder();
                int n = rnd.nextInt(400);
                for (int k = 0; k < n; k++) {
                    b.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextInt(4) == 0 ? "\n" : " ");
                }
                loadBytes(b.toString().getBytes(StandardCharsets.UTF_8), ".conf");
            }
        });
    }

    private static List<Path> samples() throws IOException {
        assertThat(SAMPLES).as("install the Debian package keepalived").isDirectory();
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(p -> p.getFileName().toString().startsWith("keepalived.conf.")).sorted().toList();
        }
    }

    @Test
    void truncatedAndMutatedSamples() throws IOException {
        Random rnd = new Random(3);
        List<Path> samples = samples();
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (Path s : samples) {
                byte[] orig = Files.readAllBytes(s);
                for (int k = 0; k < 15; k++) {
                    loadBytes(java.util.Arrays.copyOf(orig, rnd.nextInt(orig.length + 1)), ".conf");
                }
                for (int k = 0; k < 15; k++) {
                    loadBytes(mutate(orig, rnd), ".conf");
                }
            }
        });
    }

    private static byte[] mutate(byte[] orig, Random rnd) {
        List<Byte> b = new ArrayList<>();
        for (byte x : orig) {
            b.add(x);
        }
        int edits = 1 + rnd.nextInt(8);
        byte[] specials = "{}\"'\\$@~#!\n\0".getBytes(StandardCharsets.UTF_8);
        for (int e = 0; e < edits && !b.isEmpty(); e++) {
            int at = rnd.nextInt(b.size());
            switch (rnd.nextInt(3)) {
                case 0 -> b.remove(at);
                case 1 -> b.add(at, specials[rnd.nextInt(specials.length)]);
                default -> b.set(at, (byte) rnd.nextInt(256));
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    @Test
    void mutatedYamlDumps() throws IOException {
        Random rnd = new Random(4);
        List<byte[]> dumps = new ArrayList<>();
        for (Path s : samples()) {
            LoadResult r = ConfigLoader.load(s, new LoadOptions("high"));
            if (r.isValid()) {
                dumps.add(YamlConfigWriter.write(r.config()).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (byte[] d : dumps) {
                for (int k = 0; k < 20; k++) {
                    loadBytes(k % 2 == 0 ? mutate(d, rnd) : java.util.Arrays.copyOf(d, rnd.nextInt(d.length + 1)),
                            ".yaml");
                }
            }
        });
    }

    @Test
    void deepNesting() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            LoadResult braces = loadBytes("{".repeat(200_000).getBytes(StandardCharsets.UTF_8), ".conf");
            assertThat(braces.isValid()).isFalse();
            LoadResult blocks = loadBytes("a {\n".repeat(200_000).getBytes(StandardCharsets.UTF_8), ".conf");
            assertThat(blocks.errors()).anyMatch(d -> d.message().contains("nested deeper than 64"));
            LoadResult closes = loadBytes("}\n".repeat(200_000).getBytes(StandardCharsets.UTF_8), ".conf");
            assertThat(closes.isValid()).isFalse();
            LoadResult yaml = loadBytes("[".repeat(100_000).getBytes(StandardCharsets.UTF_8), ".yaml");
            assertThat(yaml.isValid()).isFalse();
            LoadResult yamlMaps = loadBytes("a: {".repeat(10_000).getBytes(StandardCharsets.UTF_8), ".yaml");
            assertThat(yamlMaps.isValid()).isFalse();
        });
    }

    @Test
    void tenMegabyteFiles() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            StringBuilder valid = new StringBuilder(11 << 20);
            int n = 0;
            while (valid.length() < 10 << 20) {
                valid.append("vrrp_instance VI_").append(n).append(" {\n    interface eth").append(n / 255)
                        .append("\n    virtual_router_id ").append(n % 255 + 1).append("\n    priority 100\n")
                        .append("    virtual_ipaddress {\n        10.").append(n >> 16 & 255).append('.')
                        .append(n >> 8 & 255).append('.').append(n & 255).append("/32\n    }\n}\n");
                n++;
            }
            LoadResult r = loadBytes(valid.toString().getBytes(StandardCharsets.UTF_8), ".conf");
            assertThat(r.errors()).isEmpty();
            assertThat(r.config().vrrpInstances()).hasSize(n);
            byte[] oneLine = new byte[10 << 20];
            java.util.Arrays.fill(oneLine, (byte) 'x');
            LoadResult line = loadBytes(oneLine, ".conf");
            assertThat(line.errors()).anyMatch(d -> d.message().contains("line longer than 65536"));
        });
    }

    @Test
    void includeCyclesAndRunawayExpansionsAreErrors() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("cyc"));
        Files.writeString(sub.resolve("a.conf"), "include *.conf\nx\n");
        Files.writeString(sub.resolve("b.conf"), "include a.conf\ny\n");
        Files.writeString(sub.resolve("self.conf"), "include self.conf\n");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            LoadResult cyc = loadChecked(sub.resolve("a.conf"));
            assertThat(cyc.errors()).anyMatch(d -> d.message().contains("include cycle"));
            LoadResult self = loadChecked(sub.resolve("self.conf"));
            assertThat(self.errors()).anyMatch(d -> d.message().contains("include cycle"));
            LoadResult seq = loadBytes("~SEQ(i, 1, 1000000000000) router_id x$i\n".getBytes(StandardCharsets.UTF_8),
                    ".conf", SMALL);
            assertThat(seq.errors()).anyMatch(d -> d.message().contains("expands to more than"));
            LoadResult silentSeq = loadBytes("~SEQ(i, 1, 1000000000000) $X=$i\n".getBytes(StandardCharsets.UTF_8),
                    ".conf", SMALL);
            assertThat(silentSeq.errors()).anyMatch(d -> d.message().contains("lines read or generated"));
            LoadResult multi = loadBytes("$A= \\\nx\\\n$A\n$A\n".getBytes(StandardCharsets.UTF_8), ".conf", SMALL);
            assertThat(multi.errors()).anyMatch(d -> d.message().contains("use itself"));
            LoadResult grow = loadBytes("$A=${A}${A}\nx $A\n".getBytes(StandardCharsets.UTF_8), ".conf", SMALL);
            assertThat(grow.errors()).isNotEmpty();
        });
    }

    /**
     * The memory bound, shown by loading hostile files in a JVM with a small heap: an unbounded parser would die of
     * OutOfMemoryError there.
     */
    @Test
    void hostileFilesLoadInASmallHeap() throws Exception {
        byte[] junk = new byte[10 << 20];
        Random rnd = new Random(5);
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (rnd.nextInt(6) == 0 ? '\n' : 'a' + rnd.nextInt(26));
        }
        Path junkFile = dir.resolve("junk.conf");
        Files.write(junkFile, junk);
        Path line = dir.resolve("line.conf");
        byte[] one = new byte[10 << 20];
        java.util.Arrays.fill(one, (byte) 'y');
        Files.write(line, one);
        Path seq = dir.resolve("seq.conf");
        Files.writeString(seq, "vrrp_instance X {\n~SEQ(i, 1, 100000000) track_interface { eth$i }\n}\n");
        Path yaml = dir.resolve("big.yaml");
        Files.writeString(yaml, "vrrp_instances:\n" + "  - {name: a, vrid: 1}\n".repeat(200_000));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx128m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), LoadMain.class.getName(), junkFile.toString(), line.toString(),
                seq.toString(), yaml.toString()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        System.out.print(out);
        assertThat(out).contains("junk.conf loaded").contains("line.conf loaded").contains("seq.conf loaded")
                .contains("big.yaml loaded").doesNotContain("OutOfMemoryError");
    }

    /** Run in the small-heap JVM: loads each file and says so. */
    public static final class LoadMain {
        public static void main(String[] args) {
            for (String a : args) {
                long t0 = System.nanoTime();
                LoadResult r = ConfigLoader.load(Path.of(a), new LoadOptions("x"));
                System.out.printf("%s loaded: %d errors in %.1f s%n", Path.of(a).getFileName(), r.errors().size(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
