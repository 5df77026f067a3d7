package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two vigil directors and a client on one segment, in namespaces: election, kill -9 failover, SIGTERM handover,
 * preemption and nopreempt. VRRPv3 at 100 ms, so Master_Down_Interval of the priority-100 backup is 360.9 ms.
 */
@Tag("netns")
class VrrpPairIT {

    static final String VIP = "192.0.2.100";
    /** 3 x 100 ms + (256 - 100) / 256 x 100 ms. */
    static final Duration BACKUP_MDI = Duration.ofNanos(360_937_500L);
    static final Duration SKEW_100 = Duration.ofNanos(60_937_500L);

    static Segment lan;
    static NetnsLab lab;
    static Path dir;

    @BeforeAll
    static void lab() throws Exception {
        lan = Segment.create("vrrp-pair", "d1 192.0.2.1/24", "d2 192.0.2.2/24", "client 192.0.2.10/24");
        lab = lan.lab;
        dir = lan.dir;
    }

    @AfterAll
    static void close() {
        lan.close();
    }

    @AfterEach
    void stopAll() {
        lan.killAll();
        for (String h : List.of("d1", "d2")) {
            lab.execUnchecked(h, "ip", "addr", "del", VIP + "/24", "dev", "eth0");
        }
        lab.execUnchecked("client", "ip", "neigh", "flush", "dev", "eth0");
    }

    static String config(int priority, String extra) {
        return "global_defs {\n  router_id vigil-test\n}\n" + Configs.instance(priority, extra, VIP + "/24");
    }

    Director.Vigil vigil(String host, int priority, String extra) {
        Director.Vigil v = lan.start(new Director.Vigil(lab, host, dir, config(priority, extra)));
        return v;
    }

    static void awaitVip(Director d, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(5)).until(() -> d.hasAddress("eth0", VIP));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(d.host + " never held " + VIP + " within " + atMost + "; its log:\n" + d.log(), e);
        }
    }

    @Test
    void electsOneMasterAndAKill9MovesTheVipWithinMasterDownIntervalPlus300ms() {
        Director d1 = vigil("d1", 150, "");
        Director d2 = vigil("d2", 100, "");
        awaitVip(d1, Duration.ofSeconds(20));
        // the backup keeps hearing the master: it must not claim the VIP
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                .until(() -> !d2.hasAddress("eth0", VIP) && d1.hasAddress("eth0", VIP));
        // the client talks to the VIP: its neighbour entry is d1's MAC
        lab.exec("client", "ping", "-c", "1", "-W", "1", VIP);
        String d1Mac = Lan.mac(lab, "d1", "eth0");
        String d2Mac = Lan.mac(lab, "d2", "eth0");
        assertThat(Lan.neighbourMac(lab, "client", VIP)).isEqualTo(d1Mac);

        long t0 = System.nanoTime();
        d1.kill9();
        awaitVip(d2, Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).as("kill -9 to VIP on the backup").isLessThan(BACKUP_MDI.plusMillis(300));
        // the gratuitous ARP rewrote the client's entry before it sent anything to the VIP
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> Lan.neighbourMac(lab, "client", VIP).equals(d2Mac));
        lab.exec("client", "ping", "-c", "1", "-W", "1", VIP);
        assertThat(d2.log()).contains("BACKUP -> MASTER (master_down_timer)");
    }

    @Test
    void sigtermHandsOverWithinAboutTheSkewTime() {
        Director d1 = vigil("d1", 150, "");
        Director d2 = vigil("d2", 100, "");
        awaitVip(d1, Duration.ofSeconds(20));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !d2.hasAddress("eth0", VIP));
        long t0 = System.nanoTime();
        d1.process.destroy();
        awaitVip(d2, Duration.ofSeconds(5));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        // the handover waits only the backup's skew time (61 ms), far less than Master_Down_Interval (361 ms)
        assertThat(took).as("SIGTERM to VIP on the backup").isLessThan(SKEW_100.plusMillis(250));
        d1.term();
        assertThat(d1.hasAddress("eth0", VIP)).isFalse();
        assertThat(d2.log()).contains("BACKUP -> MASTER (priority_zero_received)");
        assertThat(d1.log()).contains("MASTER -> INITIALIZE (shutdown)");
    }

    @Test
    void aReturningHigherPriorityDirectorPreempts() {
        Director d1 = vigil("d1", 150, "");
        Director d2 = vigil("d2", 100, "");
        awaitVip(d1, Duration.ofSeconds(20));
        d1.kill9();
        awaitVip(d2, Duration.ofSeconds(5));
        // d1's kernel still holds the VIP after the crash; the restarted daemon cleans it, then preempts
        Director d1again = vigil("d1", 150, "");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(() -> d1again.log().contains("BACKUP -> MASTER (preempted)"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !d2.hasAddress("eth0", VIP));
        assertThat(d1again.hasAddress("eth0", VIP)).isTrue();
        assertThat(d2.log()).contains("MASTER -> BACKUP (higher_priority_seen)");
    }

    @Test
    void withNopreemptAReturningHigherPriorityDirectorStaysBackup() {
        // d1 starts alone and becomes master; d2 joins as backup
        Director d1 = vigil("d1", 150, "nopreempt");
        awaitVip(d1, Duration.ofSeconds(20));
        Director d2 = vigil("d2", 100, "");
        await().atMost(Duration.ofSeconds(20)).until(() -> d2.log().contains("-> BACKUP (startup)"));
        d1.kill9();
        awaitVip(d2, Duration.ofSeconds(5));
        Director d1again = vigil("d1", 150, "nopreempt");
        await().atMost(Duration.ofSeconds(20)).until(() -> d1again.log().contains("-> BACKUP (startup)"));
        // the crashed run's VIP was cleaned at start-up, and d1 stays backup while d2 advertises
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> d2.hasAddress("eth0", VIP) && !d1again.hasAddress("eth0", VIP));
        assertThat(d1again.log()).doesNotContain("-> MASTER");
    }
}
