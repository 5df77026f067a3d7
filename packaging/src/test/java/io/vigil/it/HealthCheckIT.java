package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The daemon's health checking end to end, in namespaces: a {@code vrrp_script} that fails (a file that disappears)
 * hands MASTER to the backup through its weight, or puts the instance in FAULT with weight 0, and both recover;
 * real servers (python3's http.server in their own namespaces) show up and down with the reason in
 * {@code vigil status --json}, in the status table, and in {@code vigil_realserver_up}.
 */
@Tag("netns")
class HealthCheckIT {

    static final String VIP = "192.0.2.100";
    /**
     * How long a change may take to show: a script runs every second and an election takes under half a second,
     * but a loaded machine (CI, parallel builds) can delay both by seconds.
     */
    static final Duration SETTLE = Duration.ofSeconds(15);
    static NetnsLab lab;
    static Path dir;
    final List<Director> started = new ArrayList<>();
    final List<Process> servers = new ArrayList<>();

    @BeforeAll
    static void lab() throws Exception {
        lab = NetnsLab.create();
        dir = Segment.readableDir("health-it");
        lab.addSegment("lan");
        lab.addSegment("back");
        lab.addHost("d1");
        lab.addHost("d2");
        lab.addHost("rs1");
        lab.addHost("rs2");
        lab.connect("d1", "lan", "eth0", "192.0.2.1/24");
        lab.connect("d2", "lan", "eth0", "192.0.2.2/24");
        lab.connect("d1", "back", "eth1", "198.51.100.1/24");
        lab.connect("rs1", "back", "eth0", "198.51.100.11/24");
        lab.connect("rs2", "back", "eth0", "198.51.100.12/24");
        Files.writeString(dir.resolve("index.html"), "ok\n");
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    @AfterEach
    void stopAll() {
        Director.kill9All(started);
        servers.forEach(NetnsLab::kill9);
        for (String h : List.of("d1", "d2")) {
            lab.execUnchecked(h, "ip", "addr", "del", VIP + "/24", "dev", "eth0");
        }
    }

    Director.Vigil vigil(String host, String config, String... extraArgs) {
        Director.Vigil v = new Director.Vigil(lab, host, dir, config);
        v.extraArgs.addAll(List.of(extraArgs));
        started.add(v);
        v.start();
        return v.awaitUp(Duration.ofSeconds(20));
    }

    static String instance(int priority, String extra) {
        return Configs.instance(priority, extra, VIP + "/24");
    }

    /** A vrrp_script that passes while {@code flag} exists. */
    static String script(Path flag, int weight) {
        return """
                vrrp_script chk_flag {
                  script "/usr/bin/test -e %s"
                  interval 1
                  weight %d
                }
                """.formatted(flag, weight);
    }

    /** The daemon's status, asked on its control socket (what vigil status does). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> status(Director.Vigil v) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(v.control()));
            c.write(ByteBuffer.wrap("status\n".getBytes(StandardCharsets.UTF_8)));
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(65536);
            while (c.read(in) >= 0) {
                buf.write(in.array(), 0, in.position());
                in.clear();
            }
            return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(buf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The instance's state, as its daemon reports it. */
    static String state(Director.Vigil v) {
        return (String) instance(v).get("state");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> instance(Director.Vigil v) {
        return ((List<Map<String, Object>>) status(v).get("instances")).get(0);
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> realServer(Map<String, Object> status, String vs, String address) {
        return ((List<Map<String, Object>>) status.get("realServers")).stream()
                .filter(r -> r.get("virtualServer").equals(vs) && r.get("address").equals(address)).findFirst();
    }

    /** Runs {@code vigil status} (the command line, as an operator would). */
    static String vigilStatus(Director.Vigil v, String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Lan.vigilLauncher().toString(), "status", "--control",
                v.control().toString()));
        cmd.addAll(List.of(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void aFailingWeightedScriptHandsMasterToTheBackupAndTakesItBack() throws Exception {
        Path flag = dir.resolve("d1-healthy");
        Files.writeString(flag, "");
        Director.Vigil d1 = vigil("d1", script(flag, -60) + instance(150, "track_script {\n chk_flag\n }"));
        Director.Vigil d2 = vigil("d2", instance(100, ""));
        await().atMost(Duration.ofSeconds(20)).alias(d1.log()).until(() -> d1.hasAddress("eth0", VIP));
        assertThat(instance(d1).get("effectivePriority")).isEqualTo(150);

        Files.delete(flag);
        // polled on the control sockets (cheap), with room for a loaded machine; then the addresses, once
        await().atMost(SETTLE).until(() -> state(d2).equals("MASTER") && state(d1).equals("BACKUP")
                && instance(d1).get("effectivePriority").equals(90));
        assertThat(d2.hasAddress("eth0", VIP)).as(d2.log()).isTrue();
        assertThat(d1.hasAddress("eth0", VIP)).isFalse();
        assertThat(instance(d1).get("master")).isEqualTo("192.0.2.2");

        Files.writeString(flag, "");
        await().atMost(SETTLE).until(() -> state(d1).equals("MASTER") && state(d2).equals("BACKUP"));
        assertThat(d1.hasAddress("eth0", VIP)).as(d1.log()).isTrue();
        assertThat(d2.hasAddress("eth0", VIP)).isFalse();
        assertThat(instance(d1).get("effectivePriority")).isEqualTo(150);
        assertThat(d1.log()).contains("effective priority 150 -> 90").contains("effective priority 90 -> 150");
    }

    @Test
    void anUnweightedScriptPutsTheInstanceInFaultAndItRecovers() throws Exception {
        Path flag = dir.resolve("d1-up");
        Files.writeString(flag, "");
        Director.Vigil d1 = vigil("d1", script(flag, 0) + instance(150, "track_script {\n chk_flag\n }"));
        Director.Vigil d2 = vigil("d2", instance(100, ""));
        await().atMost(Duration.ofSeconds(20)).alias(d1.log()).until(() -> d1.hasAddress("eth0", VIP));

        Files.delete(flag);
        await().atMost(SETTLE).until(() -> state(d1).equals("FAULT") && state(d2).equals("MASTER"));
        assertThat(instance(d1).get("faults")).isEqualTo(List.of("script:chk_flag"));
        assertThat(d2.hasAddress("eth0", VIP)).as(d2.log()).isTrue();
        assertThat(d1.hasAddress("eth0", VIP)).isFalse();
        String table = vigilStatus(d1);
        assertThat(table).contains("VI_1").contains("FAULT").contains("script:chk_flag").contains("chk_flag");

        Files.writeString(flag, "");
        await().atMost(SETTLE).until(() -> state(d1).equals("MASTER") && state(d2).equals("BACKUP"));
        assertThat(d1.hasAddress("eth0", VIP)).as(d1.log()).isTrue();
        assertThat(instance(d1).get("faults")).isEqualTo(List.of());
        assertThat(d1.log()).contains("fault script:chk_flag raised").contains("fault script:chk_flag cleared");
    }

    Process httpServer(String host, String address) {
        Process p = lab.start(host, dir.resolve(host + "-http.log"), "python3", "-m", "http.server", "8080",
                "--bind", address, "--directory", dir.toString());
        servers.add(p);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.execUnchecked(host, "ss", "-Hltn", "sport = :8080")
                .contains(address + ":8080"));
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void realServersShowUpAndDownWithTheReasonInStatusAndMetrics() throws Exception {
        Process rs1 = httpServer("rs1", "198.51.100.11");
        Process rs2 = httpServer("rs2", "198.51.100.12");
        String config = instance(150, "") + """
                virtual_server 192.0.2.100 80 {
                  protocol TCP
                  delay_loop 1
                  lb_kind NAT
                  real_server 198.51.100.11 8080 {
                    HTTP_GET {
                      url {
                        path /index.html
                      }
                      connect_timeout 1
                      retry 0
                    }
                  }
                  real_server 198.51.100.12 8080 {
                    HTTP_GET {
                      url {
                        path /index.html
                      }
                      connect_timeout 1
                      retry 0
                    }
                  }
                }
                virtual_server 192.0.2.100 8080 {
                  protocol TCP
                  delay_loop 1
                  real_server 198.51.100.11 8080 {
                    HTTP_GET {
                      url {
                        path /missing.html
                      }
                      connect_timeout 1
                      retry 0
                    }
                  }
                  real_server 198.51.100.12 8080 {
                    TCP_CHECK {
                      connect_timeout 1
                      retry 0
                    }
                  }
                }
                virtual_server 192.0.2.100 443 {
                  protocol TCP
                  delay_loop 1
                  real_server 198.51.100.11 443 {
                    PING_CHECK {
                      connect_timeout 1
                      retry 0
                    }
                  }
                }
                """;
        // ping sockets start closed to every group (the kernel's default): the daemon opens them as keepalived does
        lab.exec("d1", "sysctl", "-qw", "net.ipv4.ping_group_range=1 0");
        Director.Vigil d1 = vigil("d1", config, "--metrics", "127.0.0.1:9650");
        String web = "[192.0.2.100]:tcp:80";
        String alt = "[192.0.2.100]:tcp:8080";
        String tls = "[192.0.2.100]:tcp:443";
        await().atMost(Duration.ofSeconds(20)).alias(d1.log()).until(() -> {
            Map<String, Object> s = status(d1);
            return realServer(s, web, "198.51.100.11").map(r -> r.get("reason").equals("OK")).orElse(false)
                    && realServer(s, web, "198.51.100.12").map(r -> r.get("reason").equals("OK")).orElse(false)
                    && realServer(s, alt, "198.51.100.12").map(r -> r.get("reason").equals("OK")).orElse(false)
                    && realServer(s, tls, "198.51.100.11").map(r -> r.get("reason").equals("OK")).orElse(false);
        });
        // a url that is not there: down with the status code
        await().atMost(SETTLE).until(() -> realServer(status(d1), alt, "198.51.100.11")
                .map(r -> r.get("up").equals(false)).orElse(false));
        Map<String, Object> missing = realServer(status(d1), alt, "198.51.100.11").orElseThrow();
        assertThat(missing.get("reason")).isEqualTo("HTTP_STATUS");
        assertThat((String) missing.get("detail")).contains("404");

        // rs2's server stops: down, refused, in both virtual servers that use it
        NetnsLab.kill9(rs2);
        await().atMost(SETTLE).alias(d1.log()).until(() -> {
            Map<String, Object> s = status(d1);
            return realServer(s, web, "198.51.100.12").map(r -> r.get("up").equals(false)).orElse(false)
                    && realServer(s, alt, "198.51.100.12").map(r -> r.get("up").equals(false)).orElse(false);
        });
        Map<String, Object> down = realServer(status(d1), web, "198.51.100.12").orElseThrow();
        assertThat(down.get("reason")).isEqualTo("REFUSED");
        assertThat(down.get("weight")).isEqualTo(0);
        assertThat((String) down.get("detail")).startsWith("HTTP_GET: ");
        assertThat((List<Map<String, Object>>) down.get("checkers")).singleElement()
                .satisfies(c -> assertThat(((Number) c.get("failures")).longValue()).isPositive());
        assertThat(realServer(status(d1), web, "198.51.100.11").orElseThrow().get("up")).isEqualTo(true);

        String json = vigilStatus(d1, "--json");
        assertThat(json).contains("\"reason\": \"REFUSED\"").contains("\"virtualServer\": \"[192.0.2.100]:tcp:80\"");
        String table = vigilStatus(d1);
        assertThat(table).containsPattern("\\[192\\.0\\.2\\.100\\]:tcp:80 +198\\.51\\.100\\.12:8080 +DOWN +0 +REFUSED");
        String metrics = lab.exec("d1", "curl", "-s", "http://127.0.0.1:9650/metrics");
        assertThat(metrics)
                .contains("vigil_realserver_up{real_server=\"198.51.100.12:8080\",virtual_server=\"[192.0.2.100]:tcp:80\"} 0.0")
                .contains("vigil_realserver_up{real_server=\"198.51.100.11:8080\",virtual_server=\"[192.0.2.100]:tcp:80\"} 1.0")
                .contains("vigil_check_duration_seconds_bucket{checker=\"HTTP_GET\"");

        // it comes back
        httpServer("rs2", "198.51.100.12");
        await().atMost(SETTLE).until(() -> realServer(status(d1), web, "198.51.100.12")
                .map(r -> r.get("up").equals(true) && r.get("reason").equals("OK")).orElse(false));
        assertThat(rs1.isAlive()).isTrue();
        // a clean stop gives the namespace its ping_group_range back
        assertThat(lab.exec("d1", "sysctl", "-n", "net.ipv4.ping_group_range").trim()).isEqualTo("0\t0");
        d1.term();
        assertThat(lab.exec("d1", "sysctl", "-n", "net.ipv4.ping_group_range").trim()).isEqualTo("1\t0");
    }
}
