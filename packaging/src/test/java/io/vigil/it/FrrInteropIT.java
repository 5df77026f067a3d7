package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * vigil and FRR's vrrpd (Debian's FRR) as the two routers of a VRRPv3 IPv4 instance at 100 ms, in both roles:
 * one master at a time, and the VIP moves both ways when the master is killed and comes back.
 */
@Tag("netns")
class FrrInteropIT {

    static final String VIP = "192.0.2.100";
    static final int VRID = 77;
    static Segment lan;
    static NetnsLab lab;
    static Path dir;

    @BeforeAll
    static void lab() throws Exception {
        assertThat(Path.of("/usr/lib/frr/vrrpd")).as("FRR must be installed (apt-get install frr)").exists();
        lan = Segment.create("frr-interop", "v 192.0.2.1/24", "f 192.0.2.2/24");
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
        lab.execUnchecked("v", "ip", "addr", "del", VIP + "/24", "dev", "eth0");
    }

    Director.Vigil vigil(int priority) {
        Director.Vigil v = lan.start(new Director.Vigil(lab, "v", dir,
                Configs.instance("VI_F", VRID, 3, priority, "advert_int 0.1", VIP + "/24")));
        return v;
    }

    FrrDirector frr(int priority) {
        FrrDirector f = lan.start(new FrrDirector(lab, "f", dir, VRID, priority, 100, VIP));
        return f;
    }

    static void awaitOnly(String what, BooleanSupplier condition, Duration atMost, Director... logs) {
        StringBuilder sb = new StringBuilder(what);
        await().atMost(atMost).pollInterval(Duration.ofMillis(20)).alias(what).until(() -> {
                    boolean ok = condition.getAsBoolean();
                    if (!ok) {
                        sb.setLength(what.length());
                        for (Director d : logs) {
                            sb.append("\n--- ").append(d.host).append(":\n").append(tail(d.log()));
                        }
                    }
                    return ok;
                });
    }

    static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    @ParameterizedTest(name = "vigil is the {0}")
    @ValueSource(strings = {"master", "backup"})
    void oneMasterAtATimeAndFailoverBothWays(String vigilRole) {
        boolean vigilHigh = vigilRole.equals("master");
        Director.Vigil v = vigil(vigilHigh ? 150 : 100);
        FrrDirector f = frr(vigilHigh ? 100 : 150);
        BooleanSupplier vigilMaster = () -> v.hasAddress("eth0", VIP) && f.status().equals("Backup");
        BooleanSupplier frrMaster = () -> f.ownsVip() && !v.hasAddress("eth0", VIP);
        awaitOnly("first election", vigilHigh ? vigilMaster : frrMaster, Duration.ofSeconds(30), v, f);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> (vigilHigh ? vigilMaster : frrMaster).getAsBoolean());

        if (vigilHigh) {
            v.kill9();
            lab.execUnchecked("v", "ip", "addr", "del", VIP + "/24", "dev", "eth0");
            awaitOnly("FRR takes over", f::ownsVip, Duration.ofSeconds(5), f);
            Director.Vigil back = vigil(150);
            awaitOnly("vigil preempts FRR", () -> back.hasAddress("eth0", VIP) && f.status().equals("Backup"),
                    Duration.ofSeconds(20), back, f);
        } else {
            f.kill9();
            awaitOnly("vigil takes over", () -> v.hasAddress("eth0", VIP), Duration.ofSeconds(5), v);
            FrrDirector back = frr(150);
            awaitOnly("FRR preempts vigil", () -> back.ownsVip() && !v.hasAddress("eth0", VIP),
                    Duration.ofSeconds(20), v, back);
            assertThat(v.log()).contains("MASTER -> BACKUP (higher_priority_seen)");
        }
    }
}
