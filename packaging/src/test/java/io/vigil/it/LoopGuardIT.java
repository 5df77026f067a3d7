package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fwmark rule manager in the daemon: two vigil directors that are also the real servers of a DR service guard
 * it on their own (vigil_loop_guard auto); the backup learns the master's MAC from its adverts and installs the
 * mark rule that leaves the master's packets unmarked; when the master is replaced by a machine with another MAC,
 * the rule follows; a configured vigil_peer_mac is used instead of the learned one; a reload that drops the
 * service removes its rule. (The traffic side is NftLoopIT's and IpvsLoopVmIT's.)
 */
@Tag("netns")
class LoopGuardIT {

    static Segment lan;
    static NetnsLab lab;

    @BeforeAll
    static void lab() {
        lan = Segment.create("loop-guard", "d1 192.0.2.1/24", "d2 192.0.2.2/24");
        lab = lan.lab;
    }

    @AfterEach
    void stop() {
        lan.killAll();
    }

    @AfterAll
    static void close() {
        lan.close();
    }

    static String config(int priority, String extra) {
        return Configs.instance(priority, extra, "192.0.2.100/24") + """
                virtual_server 192.0.2.100 80 {
                  protocol TCP
                  lb_algo rr
                  lb_kind DR
                  real_server 192.0.2.1 80 {
                  }
                  real_server 192.0.2.2 80 {
                  }
                }
                """;
    }

    static String marks(String host) {
        return lab.execUnchecked(host, "nft", "list", "chain", "netdev", "vigil", "marks_eth0");
    }

    static String rule(String notFrom) {
        return (notFrom == null ? "" : "ether saddr != " + notFrom + " ") + "ip daddr 192.0.2.100 tcp dport 80 meta"
                + " mark set 0x7667";
    }

    @Test
    void theBackupLearnsTheMastersMacAndFollowsAReplacedMaster() throws Exception {
        String mac1 = Lan.mac(lab, "d1", "eth0");
        Director.Vigil d1 = lan.start(new Director.Vigil(lab, "d1", lan.dir, config(150, "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> d1.hasAddress("eth0", "192.0.2.100"));
        Director.Vigil d2 = lan.start(new Director.Vigil(lab, "d2", lan.dir, config(100, "")));
        await().atMost(Duration.ofSeconds(20)).alias(d2.log()).until(() -> marks("d2").contains(rule(mac1)));
        assertThat(d2.log()).contains("loop guard: TCP 192.0.2.100:80 is balanced as fwmark 0x7667",
                "(real server 192.0.2.2 is this director)", "(VI_1) peer " + mac1 + " at 192.0.2.1");
        // the master has heard no backup (backups are silent): it marks every packet for the VIP
        assertThat(marks("d1")).contains("\t\t" + rule(null));

        // d1 dies and comes back on another machine (another MAC, the same address): d2's rule follows
        d1.kill9();
        await().atMost(Duration.ofSeconds(10)).until(() -> d2.hasAddress("eth0", "192.0.2.100"));
        String newMac = "02:00:00:00:01:01";
        lab.exec("d1", "ip", "link", "set", "dev", "eth0", "address", newMac);
        Director.Vigil d1b = lan.start(new Director.Vigil(lab, "d1", lan.dir, config(150, "")));
        await().atMost(Duration.ofSeconds(20)).alias(d2.log()).until(() -> marks("d2").contains(rule(newMac)));
        assertThat(marks("d2")).doesNotContain(mac1);
        assertThat(d1b.log()).doesNotContain("loop guard: the mark rules could not be installed");
    }

    @Test
    void aConfiguredPeerMacWinsAndAReloadWithoutTheServiceRemovesItsRule() throws Exception {
        Director.Vigil d1 = lan.start(new Director.Vigil(lab, "d1", lan.dir, config(150, "")));
        await().atMost(Duration.ofSeconds(20)).until(() -> d1.hasAddress("eth0", "192.0.2.100"));
        Director.Vigil d2 = lan.start(new Director.Vigil(lab, "d2", lan.dir,
                config(100, "vigil_peer_mac 02:00:00:00:00:99")));
        await().atMost(Duration.ofSeconds(20)).alias(d2.log()).until(() -> d2.log().contains("(VI_1) peer "));
        assertThat(marks("d2")).contains(rule("02:00:00:00:00:99"));

        Files.writeString(d2.configFile(), config(100, "").replaceAll("(?s)virtual_server.*", ""));
        d2.hup();
        await().atMost(Duration.ofSeconds(10)).alias(d2.log()).until(() -> !marks("d2").contains("meta mark set"));
        assertThat(d2.log()).contains("loop guard: rule removed: TCP 192.0.2.100:80");
    }
}
