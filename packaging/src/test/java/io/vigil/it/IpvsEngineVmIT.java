package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The daemon's engine on kernel IPVS, in the VM (the host kernel has no IPVS): two directors in namespaces with a
 * DR real server. The engine programs IPVS on both directors (keepalived keeps the rules on the backup) and the
 * {@code ha_suspend} service only on the master, moving with a takeover; the sync daemons follow the instance
 * (master daemon on the master, backup daemon on the backup); and a returning higher-priority director with
 * {@code vigil_preempt_after_sync} preempts only after the connections synced from the master stopped growing,
 * holding them when it takes over.
 */
@Tag("vm")
class IpvsEngineVmIT {

    static final String VIP = "192.0.2.100";
    static final Duration LONG = Duration.ofSeconds(90);
    static NetnsLab lab;
    static Path dir;

    @BeforeAll
    static void topology() throws Exception {
        lab = NetnsLab.create();
        dir = Files.createTempDirectory("ipvs-engine-vm");
        lab.addSegment("lan");
        lab.addHost("client");
        lab.connect("client", "lan", "eth0", "192.0.2.200/24");
        lab.addHost("d1");
        lab.connect("d1", "lan", "eth0", "192.0.2.1/24");
        lab.addHost("d2");
        lab.connect("d2", "lan", "eth0", "192.0.2.2/24");
        lab.addHost("rs");
        lab.connect("rs", "lan", "eth0", "192.0.2.11/24");
        lab.exec("rs", "ip", "addr", "add", VIP + "/32", "dev", "lo");
        lab.exec("rs", "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
        Files.writeString(dir.resolve("index.html"), "rs\n");
        lab.start("rs", dir.resolve("rs-http.log"), "python3", "-m", "http.server", "80", "--directory",
                dir.toString());
        await().atMost(LONG).until(() -> lab.execUnchecked("rs", "ss", "-Hltn", "sport = :80").contains(":80"));
    }

    @AfterAll
    static void close() {
        if (lab != null) {
            lab.close();
        }
    }

    static String config(int priority, String globals) {
        return """
                global_defs {
                  vigil_datapath ipvs
                  lvs_sync_daemon eth0 VI_1 id 9
                  %s
                }
                vrrp_instance VI_1 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 71
                  version 3
                  priority %d
                  advert_int 1
                  virtual_ipaddress {
                    %s/24
                  }
                }
                virtual_server %s 80 {
                  protocol TCP
                  lb_algo rr
                  lb_kind DR
                  real_server 192.0.2.11 80 {
                  }
                }
                virtual_server %s 81 {
                  protocol TCP
                  lb_algo rr
                  lb_kind DR
                  ha_suspend
                  real_server 192.0.2.11 81 {
                  }
                }
                """.formatted(globals, priority, VIP, VIP, VIP);
    }

    Director.Vigil vigil(String host, String config) {
        Director.Vigil v = new Director.Vigil(lab, host, dir, config);
        v.start();
        return v.awaitUp(LONG);
    }

    static String ipvs(String host) {
        return lab.execUnchecked(host, "ipvsadm", "-Ln");
    }

    /** The client's connections in a director's IPVS connection table. */
    static long synced(String host) {
        return lab.execUnchecked(host, "ipvsadm", "-Lnc").lines().filter(l -> l.contains("192.0.2.200:")).count();
    }

    static String daemons(String host) {
        return lab.execUnchecked(host, "ipvsadm", "-L", "--daemon");
    }

    @Test
    void theEngineProgramsIpvsOnBothDirectorsFollowsTransitionsAndHoldsPreemptionUntilTheSyncCaughtUp()
            throws Exception {
        Director.Vigil d1 = vigil("d1", config(150, ""));
        Director.Vigil d2 = vigil("d2", config(100, "lvs_flush_on_stop"));
        await().atMost(LONG).alias(d1.log()).until(() -> d1.hasAddress("eth0", VIP));
        await().atMost(LONG).until(() -> ipvs("d1").contains(VIP + ":81"));
        // the plain service is on both directors; the ha_suspend one only on the master
        assertThat(ipvs("d1")).contains("TCP  " + VIP + ":80 rr").contains("-> 192.0.2.11:80");
        assertThat(ipvs("d2")).contains("TCP  " + VIP + ":80 rr").contains("-> 192.0.2.11:80")
                .doesNotContain(VIP + ":81");
        await().atMost(LONG).until(() -> daemons("d1").contains("master sync daemon")
                && daemons("d2").contains("backup sync daemon"));
        assertThat(daemons("d1")).contains("syncid=9");
        assertThat(lab.exec("client", "curl", "-s", "--max-time", "5", "http://" + VIP + "/")).isEqualTo("rs\n");

        // the master crashes: d2 takes over, and with it the ha_suspend service and the master sync daemon
        d1.kill9();
        await().atMost(LONG).alias(d2.log()).until(() -> d2.hasAddress("eth0", VIP));
        await().atMost(LONG).until(() -> ipvs("d2").contains(VIP + ":81"));
        await().atMost(LONG).until(() -> daemons("d2").contains("master sync daemon"));

        // clients keep opening connections through d2 (held open: the server waits for the rest of a request
        // line) until told to stop; d2's master sync daemon sends each to the backup daemon of whoever listens
        Path stopOpening = dir.resolve("stop-opening");
        Process clients = lab.start("client", dir.resolve("client.log"), "python3", "-c", """
                import os, signal, socket, time
                cs = []
                while not os.path.exists('%s'):
                    c = socket.create_connection(('%s', 80))
                    c.send(b'GE')  # a third packet: IPVS syncs an established connection at its third
                    cs.append(c)
                    time.sleep(0.2)
                signal.pause()
                """.formatted(stopOpening, VIP));
        // d1 comes back with a higher priority and vigil_preempt_after_sync: it follows d2 while its synced
        // connection table grows, and preempts 3 s after it stopped growing
        lab.execUnchecked("d1", "ip", "addr", "del", VIP + "/24", "dev", "eth0");
        Director.Vigil back = new Director.Vigil(lab, "d1", dir, config(150,
                "vigil_preempt_after_sync 3 max 120\n  lvs_flush_on_stop VS"));
        // a restart finds the crashed run's record of its services beside the control socket (/run/vigil in
        // production; each test run has its own path, so it is carried over)
        Files.copy(dir.resolve(d1.stem + ".datapath"), dir.resolve(back.stem + ".datapath"));
        back.start();
        back.awaitUp(LONG);
        await().atMost(LONG).alias("the crash's IPVS services are taken over: " + back.log())
                .until(() -> back.log().contains("left by an earlier run: TCP " + VIP + ":80"));
        await().atMost(LONG).alias(back.log()).until(() -> synced("d1") >= 10);
        assertThat(back.log()).contains("preemption held back: waiting for the connection-sync daemon to catch up")
                .doesNotContain("(VI_1) BACKUP -> MASTER");
        Files.writeString(stopOpening, "");
        await().atMost(LONG).alias(back.log()).until(() -> back.log().contains("(VI_1) BACKUP -> MASTER"));
        String log = back.log();
        assertThat(log).contains("preemption held back: waiting for the connection-sync daemon to catch up")
                .contains("(VI_1) BACKUP -> MASTER (preempted)");
        Matcher m = Pattern.compile("preemption released: connection sync caught up after ([0-9.]+) s \\((\\d+)"
                + " connections").matcher(log);
        assertThat(m.find()).as(log).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as(log).isGreaterThanOrEqualTo(3.0);
        assertThat(Long.parseLong(m.group(2))).as("the synced connections were counted: " + log)
                .isGreaterThanOrEqualTo(10);
        assertThat(log.indexOf("preemption released")).as("released before the preemption")
                .isLessThan(log.indexOf("(VI_1) BACKUP -> MASTER (preempted)"));
        await().atMost(LONG).until(() -> back.hasAddress("eth0", VIP) && !d2.hasAddress("eth0", VIP));
        assertThat(synced("d1")).as("d1 holds the connections it took over").isGreaterThanOrEqualTo(10);
        assertThat(clients.isAlive()).isTrue();
        // another owner's service on each director: lvs_flush_on_stop VS (d1) leaves it, lvs_flush_on_stop (d2)
        // flushes the whole table as keepalived does
        for (String h : List.of("d1", "d2")) {
            lab.exec(h, "ipvsadm", "-A", "-t", "198.51.100.77:99", "-s", "rr");
        }
        for (Director d : List.of(back, d2)) {
            d.term();
        }
        assertThat(ipvs("d1")).as("a clean stop removes vigil's services").doesNotContain(VIP)
                .as("and with lvs_flush_on_stop VS only those").contains("198.51.100.77:99");
        assertThat(ipvs("d2")).as("lvs_flush_on_stop flushes the table").doesNotContain(VIP)
                .doesNotContain("198.51.100.77:99");
    }
}
