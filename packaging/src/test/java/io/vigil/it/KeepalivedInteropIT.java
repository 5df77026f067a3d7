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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * vigil and Debian's keepalived 2.2.x as the two directors of one VRRP instance, in both roles, VRRPv2 (with PASS
 * authentication) and VRRPv3: one master at a time, and the VIP moves both ways when the master is killed. Both
 * read the very same configuration text.
 */
@Tag("netns")
class KeepalivedInteropIT {

    static final String VIP = "192.0.2.100";
    static Segment lan;
    static NetnsLab lab;
    static Path dir;

    @BeforeAll
    static void lab() throws Exception {
        String version = NetnsLab.run(List.of("sh", "-c", "keepalived --version 2>&1"), false);
        assertThat(version).as("Debian's keepalived must be installed (apt-get install keepalived)")
                .contains("Keepalived v2.");
        lan = Segment.create("ka-interop", "h1 192.0.2.1/24", "h2 192.0.2.2/24");
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
        for (String h : List.of("h1", "h2")) {
            lab.execUnchecked(h, "ip", "addr", "del", VIP + "/24", "dev", "eth0");
        }
    }

    static String config(int version, int priority) {
        String timing = version == 2
                ? "advert_int 1\n  authentication {\n    auth_type PASS\n    auth_pass s3cret\n  }"
                : "advert_int 0.2";
        return Configs.instance("VI_1", 61, version, priority, timing, VIP + "/24");
    }

    Director director(boolean vigil, String host, int version, int priority) {
        String conf = config(version, priority);
        return lan.start(vigil ? new Director.Vigil(lab, host, dir, conf)
                : new Director.Keepalived(lab, host, dir, conf));
    }

    static void awaitSoleMaster(Director master, Director other, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .alias(master.host + " alone holds the VIP\n--- " + master.host + ":\n" + master.log() + "\n--- "
                        + other.host + ":\n" + other.log())
                .until(() -> master.hasAddress("eth0", VIP) && !other.hasAddress("eth0", VIP));
    }

    @ParameterizedTest(name = "VRRPv{0}, vigil is the {1}")
    @CsvSource({"2, master", "2, backup", "3, master", "3, backup"})
    void oneMasterAtATimeAndFailoverBothWays(int version, String vigilRole) {
        boolean vigilFirst = vigilRole.equals("master");
        Duration mdi = version == 2 ? Duration.ofSeconds(4) : Duration.ofMillis(800);
        // h1 runs the higher priority
        Director high = director(vigilFirst, "h1", version, 150);
        Director low = director(!vigilFirst, "h2", version, 100);
        awaitSoleMaster(high, low, Duration.ofSeconds(30));
        // steady state: the backup hears the master and never claims the VIP
        await().during(mdi.multipliedBy(2)).atMost(mdi.multipliedBy(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> high.hasAddress("eth0", VIP) && !low.hasAddress("eth0", VIP));

        high.kill9();
        lab.execUnchecked("h1", "ip", "addr", "del", VIP + "/24", "dev", "eth0");
        await().atMost(mdi.plusSeconds(2)).pollInterval(Duration.ofMillis(20))
                .alias(low.host + " takes over\n" + low.log()).until(() -> low.hasAddress("eth0", VIP));

        // the higher priority returns and preempts: the VIP moves back the other way
        Director again = director(vigilFirst, "h1", version, 150);
        awaitSoleMaster(again, low, mdi.plusSeconds(20));
        if (!vigilFirst) {
            assertThat(low.log()).contains("MASTER -> BACKUP (higher_priority_seen)");
        } else {
            assertThat(again.log()).contains("BACKUP -> MASTER");
        }
    }
}
