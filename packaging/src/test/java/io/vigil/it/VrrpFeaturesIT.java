package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Daemon features on a real segment: use_vmac, notify scripts with keepalived's arguments, and an IPv6 pair whose
 * unsolicited neighbour advertisement moves the client's neighbour entry.
 */
@Tag("netns")
class VrrpFeaturesIT {

    static Segment lan;
    static NetnsLab lab;
    static Path dir;

    @BeforeAll
    static void lab() throws Exception {
        lan = Segment.create("vrrp-features", "d1 192.0.2.1/24 2001:db8::1/64", "d2 192.0.2.2/24 2001:db8::2/64",
                "client 192.0.2.10/24 2001:db8::10/64");
        lab = lan.lab;
        dir = lan.dir;
        Segment.makeReadable(dir);
        // a second link to track (this kernel has no dummy links: a veth pair inside d1)
        lab.exec("d1", "ip", "link", "add", "eth9", "type", "veth", "peer", "name", "eth9p");
        lab.exec("d1", "ip", "link", "set", "eth9p", "up");
        lab.exec("d1", "ip", "link", "set", "eth9", "up");
    }

    @AfterAll
    static void close() {
        lan.close();
    }

    @AfterEach
    void stopAll() {
        lan.killAll();
        for (String h : List.of("d1", "d2")) {
            lab.execUnchecked(h, "ip", "link", "set", "eth0", "up");
            lab.execUnchecked(h, "ip", "link", "del", "vrrp.51");
            lab.execUnchecked(h, "ip", "addr", "del", "192.0.2.100/24", "dev", "eth0");
            lab.execUnchecked(h, "ip", "addr", "del", "2001:db8::100/64", "dev", "eth0");
        }
        lab.execUnchecked("client", "ip", "neigh", "flush", "dev", "eth0");
    }

    Director.Vigil vigil(String host, String config) {
        Director.Vigil v = lan.start(new Director.Vigil(lab, host, dir, config));
        return v;
    }

    static String instance(int priority, String vip, String extra) {
        return Configs.instance(priority, extra, vip);
    }

    @Test
    void useVmacPutsTheVipOnAMacvlanWithTheVirtualMacThatSurvivesAFailover() {
        Director d1 = vigil("d1", instance(150, "192.0.2.100/24", "use_vmac"));
        Director d2 = vigil("d2", instance(100, "192.0.2.100/24", "use_vmac"));
        await().atMost(Duration.ofSeconds(20)).alias(d1.log())
                .until(() -> Lan.hasAddress(lab, "d1", "vrrp.51", "192.0.2.100"));
        assertThat(Lan.mac(lab, "d1", "vrrp.51")).isEqualTo("00:00:5e:00:01:33");
        assertThat(lab.exec("d1", "sysctl", "-n", "net.ipv4.conf.eth0.arp_ignore").trim()).isEqualTo("1");
        lab.exec("client", "ping", "-c", "1", "-W", "1", "192.0.2.100");
        assertThat(Lan.neighbourMac(lab, "client", "192.0.2.100")).isEqualTo("00:00:5e:00:01:33");
        // the master crashes and its link goes down: the backup answers for the same MAC
        d1.kill9();
        lab.exec("d1", "ip", "link", "set", "eth0", "down");
        await().atMost(Duration.ofSeconds(5)).alias(d2.log())
                .until(() -> Lan.hasAddress(lab, "d2", "vrrp.51", "192.0.2.100"));
        lab.exec("client", "ping", "-c", "1", "-W", "2", "192.0.2.100");
        assertThat(Lan.neighbourMac(lab, "client", "192.0.2.100")).isEqualTo("00:00:5e:00:01:33");
        // a clean stop removes the macvlan and gives the parent its sysctls back
        d2.term();
        assertThat(lab.execUnchecked("d2", "ip", "link", "show", "vrrp.51")).doesNotContain("vrrp.51@");
        assertThat(lab.exec("d2", "sysctl", "-n", "net.ipv4.conf.eth0.arp_ignore").trim()).isEqualTo("0");
    }

    @Test
    void notifyScriptsRunInOrderWithKeepalivedsArguments() throws Exception {
        Path out = dir.resolve("notify.log");
        Path fifo = dir.resolve("notify.fifo");
        Files.deleteIfExists(out);
        String script = "echo \"$@\" >> " + out;
        String promote = "/proc/sys/net/ipv4/conf/eth0/promote_secondaries";
        String promoteBefore = lab.exec("d1", "cat", promote).trim();
        Director d1 = vigil("d1", """
                global_defs {
                  notify_fifo %s
                  startup_script "/bin/sh -c 'echo startup >> %s'"
                  shutdown_script "/bin/sh -c 'echo shutdown >> %s'"
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  version 3
                  priority 150
                  advert_int 0.1
                  track_interface {
                    eth9
                  }
                  promote_secondaries
                  notify_master "/bin/sh -c 'echo master >> %s'"
                  notify_backup "/bin/sh -c 'echo backup >> %s'"
                  notify_fault "/bin/sh -c 'echo fault >> %s'"
                  notify_stop "/bin/sh -c 'echo stop >> %s'"
                  notify "/bin/sh -c '%s' notify"
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                }
                """.formatted(fifo, out, out, out, out, out, out, script));
        await().atMost(Duration.ofSeconds(20)).alias(d1.log()).until(() -> Files.exists(out)
                && Files.readString(out).contains("master"));
        assertThat(fifo).as("notify_fifo created at start").exists();
        assertThat(lab.exec("d1", "cat", promote).trim()).as("promote_secondaries set on eth0").isEqualTo("1");
        assertThat(Files.isRegularFile(fifo)).as("a FIFO, not a file").isFalse();
        lab.exec("d1", "ip", "link", "set", "eth9", "down");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(out).contains("fault"));
        lab.exec("d1", "ip", "link", "set", "eth9", "up");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(out).split("master").length > 2);
        d1.term();
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(out).contains("shutdown"));
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).containsExactly(
                "startup",
                "backup", "INSTANCE VI_1 BACKUP 150",
                "master", "INSTANCE VI_1 MASTER 150",
                "fault", "INSTANCE VI_1 FAULT 150",
                "backup", "INSTANCE VI_1 BACKUP 150",
                "master", "INSTANCE VI_1 MASTER 150",
                "stop", "INSTANCE VI_1 STOP 150",
                "shutdown");
        // vigil created the FIFO, so it removes it at exit, as keepalived does
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(fifo));
        assertThat(lab.exec("d1", "cat", promote).trim()).as("and put back at the stop").isEqualTo(promoteBefore);
    }

    @Test
    void anIpv6PairFailsOverAndTheClientsNeighbourEntryMoves() {
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.execUnchecked("d2", "ip", "-6", "addr", "show",
                "dev", "eth0").contains("fe80"));
        Director d1 = vigil("d1", instance(150, "2001:db8::100/64", ""));
        Director d2 = vigil("d2", instance(100, "2001:db8::100/64", ""));
        await().atMost(Duration.ofSeconds(20)).alias(d1.log())
                .until(() -> Lan.hasAddress(lab, "d1", "eth0", "2001:db8::100"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> !Lan.hasAddress(lab, "d2", "eth0", "2001:db8::100"));
        lab.exec("client", "ping", "-6", "-c", "1", "-W", "1", "2001:db8::100");
        assertThat(Lan.neighbourMac(lab, "client", "2001:db8::100")).isEqualTo(Lan.mac(lab, "d1", "eth0"));
        long t0 = System.nanoTime();
        d1.kill9();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).alias(d2.log())
                .until(() -> Lan.hasAddress(lab, "d2", "eth0", "2001:db8::100"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(VrrpPairIT.BACKUP_MDI.plusMillis(300));
        String d2Mac = Lan.mac(lab, "d2", "eth0");
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> Lan.neighbourMac(lab, "client", "2001:db8::100").equals(d2Mac));
    }
}
