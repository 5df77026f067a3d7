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

/** SIGHUP: a running master applies only what changed, and refuses a broken config while keeping its own. */
@Tag("netns")
class ReloadIT {

    static Segment lan;
    static NetnsLab lab;

    @BeforeAll
    static void lab() {
        lan = Segment.create("reload", "d1 192.0.2.1/24");
        lab = lan.lab;
    }

    @AfterAll
    static void close() {
        lan.close();
    }

    @AfterEach
    void stop() {
        lan.killAll();
        for (String vip : new String[] {"101", "102", "112", "121", "122", "132"}) {
            lab.execUnchecked("d1", "ip", "addr", "del", "192.0.2." + vip + "/24", "dev", "eth0");
        }
    }

    static String config(String vip1, String vip2) {
        return """
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  version 3
                  priority 255
                  advert_int 0.1
                  virtual_ipaddress {
                    %s
                  }
                }
                vrrp_instance VI_2 {
                  interface eth0
                  virtual_router_id 52
                  version 3
                  priority 255
                  advert_int 0.1
                  virtual_ipaddress {
                    %s
                  }
                }
                """.formatted(vip1, vip2);
    }

    @Test
    void aReloadMovesOnlyTheChangedVipAndABrokenConfigChangesNothing() throws Exception {
        Director.Vigil d = lan.start(new Director.Vigil(lab, "d1", lan.dir,
                config("192.0.2.101/24", "192.0.2.102/24")));
        await().atMost(Duration.ofSeconds(20)).until(() -> d.hasAddress("eth0", "192.0.2.101")
                && d.hasAddress("eth0", "192.0.2.102"));

        Files.writeString(d.configFile(), config("192.0.2.101/24", "192.0.2.112/24"));
        d.hup();
        await().atMost(Duration.ofSeconds(10)).alias(d.log())
                .until(() -> d.hasAddress("eth0", "192.0.2.112") && !d.hasAddress("eth0", "192.0.2.102"));
        assertThat(d.hasAddress("eth0", "192.0.2.101")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> d.log().contains("reload: instance VI_2 changed"));
        // neither instance left MASTER: one transition each, at start-up
        assertThat(d.log().split("-> MASTER", -1)).hasSize(3);
        assertThat(d.log()).doesNotContain("reload: instance VI_1");

        Files.writeString(d.configFile(), config("192.0.2.300/24", "192.0.2.112/24"));
        d.hup();
        await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("reload refused"));
        assertThat(d.log()).contains("192.0.2.300");
        assertThat(d.hasAddress("eth0", "192.0.2.101")).isTrue();
        assertThat(d.hasAddress("eth0", "192.0.2.112")).isTrue();
        assertThat(d.process.isAlive()).isTrue();
    }

    @Test
    void vrrpStartupDelayHoldsTheInstancesBackAndTheyStartOnTheConfigReloadedMeanwhile() throws Exception {
        String delayed = "global_defs {\n  vrrp_startup_delay 3\n}\n";
        Director.Vigil d = lan.start(new Director.Vigil(lab, "d1", lan.dir,
                delayed + config("192.0.2.121/24", "192.0.2.122/24")));
        d.awaitUp(Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> d.log().contains("vrrp_startup_delay: the VRRP instances"
                + " start in 3.0 s"));
        assertThat(d.hasAddress("eth0", "192.0.2.121")).as("nothing started yet").isFalse();
        Files.writeString(d.configFile(), delayed + config("192.0.2.121/24", "192.0.2.132/24"));
        d.hup();
        await().atMost(Duration.ofSeconds(5)).until(() -> d.log().contains("have not started yet"));
        await().atMost(Duration.ofSeconds(20)).alias(d.log()).until(() -> d.hasAddress("eth0", "192.0.2.121")
                && d.hasAddress("eth0", "192.0.2.132"));
        assertThat(d.hasAddress("eth0", "192.0.2.122")).as("the config before the reload never started").isFalse();
        // the instances started no sooner than the delay after it was announced (timestamps of the daemon's log)
        java.time.Instant announced = logTime(d.log(), "vrrp_startup_delay: the VRRP");
        java.time.Instant started = logTime(d.log(), "vrrp_startup_delay over");
        assertThat(Duration.between(announced, started)).isGreaterThanOrEqualTo(Duration.ofMillis(2990));
    }

    /** The timestamp of the first log line containing {@code text}. */
    static java.time.Instant logTime(String log, String text) {
        for (String line : log.split("\n")) {
            if (line.contains(text)) {
                return java.time.Instant.parse(line.substring(0, line.indexOf(' ')));
            }
        }
        throw new AssertionError("no log line with '" + text + "' in:\n" + log);
    }
}
