package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The daemon's engine driving the nftables datapath, with real TCP through the VIP to real servers in namespaces:
 *
 * <pre>
 *  client 192.0.2.200 ---- front ---- d1 eth0 192.0.2.1 / d2 eth0 192.0.2.2   (VIP 192.0.2.100)
 *                                     d1 eth1 198.51.100.1 / d2 eth1 198.51.100.2 (VIP 198.51.100.254: the
 *                                                            real servers' gateway, so NAT replies follow the master)
 *                                     ---- back ---- rs1 198.51.100.11, rs2 .12, sorry .99 (http.server on 8080)
 * </pre>
 *
 * A real server stopped leaves the pool (removed; with inhibit_on_failure weight 0); the lost quorum sends the
 * traffic to the sorry server; a reloaded weight is one change; drift is repaired; ha_suspend follows the master and
 * a crashed run's rules are taken over at start; a drain waits for its connection; a director hands over and stops.
 */
@Tag("netns")
class DatapathIT {

    static final String VIP = "192.0.2.100";
    static NetnsLab lab;
    static Path dir;
    final List<Director.Vigil> started = new ArrayList<>();
    final Map<String, Process> servers = new LinkedHashMap<>();

    @BeforeAll
    static void topology() throws Exception {
        lab = NetnsLab.create();
        dir = Segment.readableDir("datapath-it");
        lab.addSegment("front");
        lab.addSegment("back");
        lab.addHost("client");
        lab.connect("client", "front", "eth0", "192.0.2.200/24");
        for (int d = 1; d <= 2; d++) {
            lab.addHost("d" + d);
            lab.connect("d" + d, "front", "eth0", "192.0.2." + d + "/24");
            lab.connect("d" + d, "back", "eth1", "198.51.100." + d + "/24");
            lab.exec("d" + d, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        }
        for (String[] rs : new String[][] {{"rs1", "198.51.100.11"}, {"rs2", "198.51.100.12"},
                {"sorry", "198.51.100.99"}}) {
            lab.addHost(rs[0]);
            lab.connect(rs[0], "back", "eth0", rs[1] + "/24");
            lab.exec(rs[0], "ip", "route", "add", "default", "via", "198.51.100.254");
            Path www = dir.resolve(rs[0]);
            Files.createDirectories(www);
            Files.writeString(www.resolve("index.html"), rs[0] + "\n");
        }
    }

    @AfterAll
    static void close() {
        lab.close();
    }

    @AfterEach
    void stopAll() {
        Director.kill9All(started);
        servers.values().forEach(NetnsLab::kill9);
        servers.clear();
        for (String d : List.of("d1", "d2")) {
            lab.execUnchecked(d, "ip", "addr", "del", VIP + "/24", "dev", "eth0");
            lab.execUnchecked(d, "ip", "addr", "del", "198.51.100.254/24", "dev", "eth1");
            lab.execUnchecked(d, "nft", "delete", "table", "ip", "vigil");
        }
    }

    // ------------------------------------------------------------------ fixtures

    Director.Vigil vigil(String host, String config, String... extraArgs) {
        Director.Vigil v = new Director.Vigil(lab, host, dir, config);
        v.extraArgs.addAll(List.of(extraArgs));
        started.add(v);
        v.start();
        return v.awaitUp(Duration.ofSeconds(20));
    }

    void http(String host, String address) {
        Process p = lab.start(host, dir.resolve(host + "-http.log"), "python3", "-m", "http.server", "8080",
                "--bind", address, "--directory", dir.resolve(host).toString());
        servers.put(host, p);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.execUnchecked(host, "ss", "-Hltn", "sport = :8080")
                .contains(address + ":8080"));
    }

    void stopHttp(String host) {
        NetnsLab.kill9(servers.remove(host));
    }

    /** {@code n} requests from the client to the VIP on {@code port}, each on its own connection: who answered. */
    static Map<String, Integer> spread(int port, int n) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--max-time", "2", "-H", "Connection: close"));
        for (int i = 0; i < n; i++) {
            cmd.add("http://" + VIP + ":" + port + "/");
        }
        String out = lab.execUnchecked("client", cmd.toArray(String[]::new));
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                m.merge(line.trim(), 1, Integer::sum);
            }
        }
        return m;
    }

    static String rules(String host) {
        return lab.execUnchecked(host, "nft", "list", "chain", "ip", "vigil", "lb_nat");
    }

    static String metrics(String host) {
        return lab.exec(host, "curl", "-s", "http://127.0.0.1:9650/metrics");
    }

    static String instance(int priority, String extra) {
        return instance(priority, extra, "");
    }

    /** The instance, with {@code globals} added to global_defs. */
    static String instance(int priority, String extra, String globals) {
        return """
                global_defs {
                  vigil_datapath nftables
                  vigil_datapath_repair_interval 1
                %s
                }
                """.formatted(globals.indent(2).stripTrailing()) + Configs.instance("VI_1", 61, 3, priority, "advert_int 0.2\n" + extra, VIP + "/24",
                "198.51.100.254/24 dev eth1");
    }

    /** A NAT virtual server on the VIP with rs1 and rs2 on 8080, TCP_CHECK each second. */
    static String virtualServer(int port, String options, int weight1, int weight2) {
        return """
                virtual_server %s %d {
                  protocol TCP
                  lb_algo rr
                  lb_kind NAT
                  delay_loop 1
                  %s
                  real_server 198.51.100.11 8080 {
                    weight %d
                    TCP_CHECK {
                      connect_timeout 1
                      retry 0
                    }
                  }
                  real_server 198.51.100.12 8080 {
                    weight %d
                    TCP_CHECK {
                      connect_timeout 1
                      retry 0
                    }
                  }
                }
                """.formatted(VIP, port, options, weight1, weight2);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aStoppedRealServerLeavesThePoolIsInhibitedOrMakesWayForTheSorryServer() throws Exception {
        http("rs1", "198.51.100.11");
        http("rs2", "198.51.100.12");
        http("sorry", "198.51.100.99");
        // keepalived's FIFOs, each read by a script that gets the FIFO's name and copies the lines to NAME.log
        Path reader = dir.resolve("fifo-reader.sh");
        Files.writeString(reader, "#!/bin/sh\nwhile read -r line; do echo \"$line\" >> \"$1.log\"; done < \"$1\"\n");
        Files.setPosixFilePermissions(reader, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path vrrpFifo = dir.resolve("vrrp.fifo");
        Path lvsFifo = dir.resolve("lvs.fifo");
        String fifos = "vrrp_notify_fifo " + vrrpFifo + "\nvrrp_notify_fifo_script " + reader + "\nlvs_notify_fifo "
                + lvsFifo + "\nlvs_notify_fifo_script " + reader;
        Director.Vigil d1 = vigil("d1", instance(150, "", fifos) + virtualServer(80, "", 1, 1)
                + virtualServer(81, "inhibit_on_failure", 1, 1)
                + virtualServer(82, "quorum 2\nsorry_server 198.51.100.99 8080", 1, 1), "--metrics", "127.0.0.1:9650");
        await().atMost(Duration.ofSeconds(10)).alias(d1.log()).until(() -> d1.hasAddress("eth0", VIP));
        await().atMost(Duration.ofSeconds(5)).until(() -> spread(80, 6).equals(Map.of("rs1", 3, "rs2", 3)));
        assertThat(spread(82, 4)).containsOnlyKeys("rs1", "rs2");

        stopHttp("rs2");
        await().atMost(Duration.ofSeconds(5)).alias(d1.log()).until(() -> spread(82, 2).equals(Map.of("sorry", 2)));
        assertThat(spread(80, 6)).isEqualTo(Map.of("rs1", 6));
        assertThat(spread(81, 6)).isEqualTo(Map.of("rs1", 6));
        String log = d1.log();
        assertThat(log).contains("DELETE_REAL_SERVER TCP 192.0.2.100:80 -> 198.51.100.12:8080")
                .contains("EDIT_REAL_SERVER TCP 192.0.2.100:81 -> 198.51.100.12:8080 NAT w0")
                .contains("virtual server [192.0.2.100]:tcp:82 lost quorum")
                .contains("real server [198.51.100.12]:tcp:8080 of [192.0.2.100]:tcp:80 is DOWN");
        assertThat(metrics("d1"))
                .contains("vigil_virtual_server_quorum_up{virtual_server=\"[192.0.2.100]:tcp:82\"} 0.0")
                .contains("vigil_virtual_server_quorum_up{virtual_server=\"[192.0.2.100]:tcp:80\"} 1.0")
                .containsPattern("vigil_datapath_operations_total\\{kind=\"nftables\",op=\"delete_real_server\","
                        + "result=\"ok\"} [1-9]");
        String status = HealthCheckIT.vigilStatus(d1);
        assertThat(status).containsPattern("\\[192\\.0\\.2\\.100\\]:tcp:82 +DOWN +1/2 +ACTIVE");
        Path lvsLog = Path.of(lvsFifo + ".log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(lvsLog)
                && Files.readString(lvsLog).contains("VS [192.0.2.100]:tcp:82 DOWN\n"));
        assertThat(Files.readString(lvsLog))
                .contains("RS [198.51.100.12]:tcp:8080 [192.0.2.100]:tcp:80 DOWN\n")
                .contains("RS [198.51.100.12]:tcp:8080 [192.0.2.100]:tcp:81 DOWN\n")
                .doesNotContain("INSTANCE");
        assertThat(Files.readString(Path.of(vrrpFifo + ".log"))).contains("INSTANCE \"VI_1\" MASTER 150\n")
                .doesNotContain("RS ");

        http("rs2", "198.51.100.12");
        await().atMost(Duration.ofSeconds(5)).until(() -> spread(82, 4).keySet().equals(java.util.Set.of("rs1", "rs2")));
        assertThat(spread(80, 6)).isEqualTo(Map.of("rs1", 3, "rs2", 3));
        assertThat(metrics("d1"))
                .contains("vigil_virtual_server_quorum_up{virtual_server=\"[192.0.2.100]:tcp:82\"} 1.0");
    }

    @Test
    void aReloadedWeightIsOneChangeAndDriftIsRepaired() throws Exception {
        http("rs1", "198.51.100.11");
        http("rs2", "198.51.100.12");
        Director.Vigil d1 = vigil("d1", instance(150, "") + virtualServer(80, "", 1, 1), "--metrics",
                "127.0.0.1:9650");
        await().atMost(Duration.ofSeconds(10)).alias(d1.log()).until(() -> d1.hasAddress("eth0", VIP));
        await().atMost(Duration.ofSeconds(5)).until(() -> spread(80, 4).equals(Map.of("rs1", 2, "rs2", 2)));

        Files.writeString(d1.configFile(), instance(150, "") + virtualServer(80, "", 1, 3));
        d1.hup();
        String edit = "EDIT_REAL_SERVER TCP 192.0.2.100:80 -> 198.51.100.12:8080 NAT w3";
        await().atMost(Duration.ofSeconds(5)).alias(d1.log()).until(() -> d1.log().contains(edit));
        // one apply, one change; its causes may include a health change the same loop turn coalesced with it
        String line = d1.log().lines().filter(l -> l.contains(edit)).findFirst().orElseThrow();
        assertThat(line).contains("datapath (nftables): 1 change(s) for ").contains("reload").endsWith(": " + edit);
        assertThat(spread(80, 8)).isEqualTo(Map.of("rs1", 2, "rs2", 6));

        // someone flushes vigil's chain: the next check (each second here) finds it and puts the rules back
        lab.exec("d1", "nft", "flush", "chain", "ip", "vigil", "lb_nat");
        assertThat(rules("d1")).doesNotContain("dnat");
        await().atMost(Duration.ofSeconds(5)).alias(d1.log()).until(() -> rules("d1").contains("dnat"));
        assertThat(spread(80, 8)).isEqualTo(Map.of("rs1", 2, "rs2", 6));
        assertThat(d1.log()).contains("difference(s) from what vigil applied, repaired");
        assertThat(metrics("d1")).containsPattern("vigil_datapath_drift_total\\{kind=\"nftables\"} [1-9]");
    }

    @Test
    void haSuspendProgramsOnlyTheMasterAndACrashedRunsRulesAreTakenOverAtStart() throws Exception {
        http("rs1", "198.51.100.11");
        http("rs2", "198.51.100.12");
        String vs = virtualServer(80, "ha_suspend", 1, 1);
        Director.Vigil d1 = vigil("d1", instance(150, "") + vs);
        Director.Vigil d2 = vigil("d2", instance(100, "") + vs, "--metrics", "127.0.0.1:9650");
        await().atMost(Duration.ofSeconds(10)).alias(d1.log()).until(() -> rules("d1").contains("dnat"));
        assertThat(d1.hasAddress("eth0", VIP)).isTrue();
        assertThat(rules("d2")).as("the backup holds no rule for a suspended service").doesNotContain("dnat");
        await().atMost(Duration.ofSeconds(5)).until(() -> spread(80, 4).equals(Map.of("rs1", 2, "rs2", 2)));
        // the backup does not check the real servers of a service it does not hold (delay_loop is 1 s: by now an
        // unsuspended checker would have made several attempts)
        assertThat(d2.log()).contains("ha_suspend: checks of 2 real server(s) suspended");
        assertThat(metrics("d2")).contains("vigil_check_duration_seconds_count{checker=\"TCP_CHECK\"} 0");

        d1.kill9();
        await().atMost(Duration.ofSeconds(5)).alias(d2.log()).until(() -> rules("d2").contains("dnat"));
        assertThat(d2.hasAddress("eth0", VIP)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> spread(80, 4).equals(Map.of("rs1", 2, "rs2", 2)));
        assertThat(rules("d1")).as("the crash left its rules").contains("dnat");
        assertThat(d2.log()).contains("ha_suspend: checks of 0 real server(s) suspended");
        await().atMost(Duration.ofSeconds(5)).until(() -> !metrics("d2")
                .contains("vigil_check_duration_seconds_count{checker=\"TCP_CHECK\"} 0"));
        // the takeover by the master-down timer: from d1's last advert to d2's VIPs, about 3 x 0.2 s + skew
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "vigil_vrrp_last_failover_seconds\\{[^}]*vrrp_instance=\"VI_1\"[^}]*} ([0-9.]+)").matcher(metrics("d2"));
        assertThat(m.find()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isBetween(0.6, 1.5);

        // d1 comes back as a backup on another config: it takes over its leftovers and removes them
        lab.exec("d1", "ip", "addr", "del", VIP + "/24", "dev", "eth0");
        lab.exec("d1", "ip", "addr", "del", "198.51.100.254/24", "dev", "eth1");
        Director.Vigil again = vigil("d1", instance(50, "") + virtualServer(8000, "ha_suspend", 1, 1));
        await().atMost(Duration.ofSeconds(10)).alias(again.log()).until(() -> again.log().contains(
                "left by an earlier run"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !rules("d1").contains("dnat"));
        assertThat(again.log()).contains("chain ip vigil lb_nat with 1 rule(s)");
        assertThat(spread(80, 4)).isEqualTo(Map.of("rs1", 2, "rs2", 2));
    }

    @Test
    void aDrainWaitsForTheConnectionToEndAndUndrainTakesTheServerBack() throws Exception {
        http("rs1", "198.51.100.11");
        http("rs2", "198.51.100.12");
        // rs2 also holds raw TCP connections open on 9000
        Process hold = lab.start("rs2", dir.resolve("rs2-hold.log"), "python3", "-c", """
                import socket
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(('198.51.100.12', 9000))
                s.listen()
                held = []
                while True:
                    held.append(s.accept())
                """);
        servers.put("hold", hold);
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.execUnchecked("rs2", "ss", "-Hltn", "sport = :9000")
                .contains(":9000"));
        Director.Vigil d1 = vigil("d1", instance(150, "") + virtualServer(80, "", 1, 1) + """
                virtual_server %s 9000 {
                  protocol TCP
                  lb_algo rr
                  real_server 198.51.100.12 9000 {
                  }
                }
                """.formatted(VIP));
        await().atMost(Duration.ofSeconds(10)).alias(d1.log()).until(() -> d1.hasAddress("eth0", VIP));
        await().atMost(Duration.ofSeconds(5)).until(() -> spread(80, 4).equals(Map.of("rs1", 2, "rs2", 2)));
        Process client = lab.start("client", dir.resolve("client-hold.log"), "python3", "-c", """
                import signal, socket
                c = socket.create_connection(('%s', 9000))
                signal.pause()
                """.formatted(VIP));
        servers.put("client", client);
        await().atMost(Duration.ofSeconds(5)).until(() -> lab.execUnchecked("rs2", "ss", "-Htn", "state",
                "established", "sport = :9000").contains("192.0.2.200"));

        Process drain = new ProcessBuilder(Lan.vigilLauncher().toString(), "drain", "198.51.100.12", "--control",
                d1.control().toString(), "--timeout", "30").redirectErrorStream(true)
                .redirectOutput(dir.resolve("drain.out").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("drain.out"))
                .contains("1 connection(s) left"));
        assertThat(spread(80, 4)).as("weight 0: no new connection").isEqualTo(Map.of("rs1", 4));
        assertThat(drain.isAlive()).isTrue();
        String status = HealthCheckIT.vigilStatus(d1);
        assertThat(status).containsPattern("198\\.51\\.100\\.12 +\\(all\\) +\\S+ +1/1 +DRAINING");

        NetnsLab.kill9(servers.remove("client"));
        assertThat(drain.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("drain.out"), StandardCharsets.UTF_8);
        assertThat(drain.exitValue()).as(out).isZero();
        assertThat(out).contains("drained 198.51.100.12 (every virtual server): 1 connection(s) at the start");
        assertThat(spread(80, 4)).as("still drained").isEqualTo(Map.of("rs1", 4));

        Process undrain = new ProcessBuilder(Lan.vigilLauncher().toString(), "undrain", "198.51.100.12",
                "--control", d1.control().toString()).redirectErrorStream(true).start();
        String undrained = new String(undrain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(undrain.waitFor()).as(undrained).isZero();
        assertThat(undrained).contains("undrained 198.51.100.12 (every virtual server)");
        await().atMost(Duration.ofSeconds(5)).until(() -> spread(80, 4).equals(Map.of("rs1", 2, "rs2", 2)));
    }

    @Test
    void drainDirectorHandsOverToThePeerThenStops() throws Exception {
        http("rs1", "198.51.100.11");
        Director.Vigil d1 = vigil("d1", instance(150, "") + virtualServer(80, "", 1, 1), "--metrics",
                "127.0.0.1:9650");
        Director.Vigil d2 = vigil("d2", instance(100, "nopreempt") + virtualServer(80, "", 1, 1));
        await().atMost(Duration.ofSeconds(10)).alias(d1.log()).until(() -> d1.hasAddress("eth0", VIP));
        await().atMost(Duration.ofSeconds(5)).until(() -> spread(80, 2).equals(Map.of("rs1", 2)));

        Process p = new ProcessBuilder(Lan.vigilLauncher().toString(), "drain", "--director", "--control",
                d1.control().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).containsPattern("VI_1: handed over, the peer advertised after \\d+ ms").contains("vigil stops");
        assertThat(d1.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).as(d1.log()).isTrue();
        assertThat(d2.hasAddress("eth0", VIP)).isTrue();
        assertThat(d1.hasAddress("eth0", VIP)).isFalse();
        assertThat(rules("d1")).as("a clean stop removes vigil's rules").doesNotContain("dnat");
        // a neighbour entry refreshed less than its locktime (1 s) before d2's first gratuitous ARP keeps d1's MAC
        // until the next burst: the traffic follows within a few seconds
        await().atMost(Duration.ofSeconds(10)).until(() -> spread(80, 2).equals(Map.of("rs1", 2)));
        assertThat(d1.log()).contains("handing over: 1 instance(s) were MASTER [VI_1]").contains("vigil stopped");
    }
}
