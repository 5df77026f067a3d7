package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
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
}
