package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import io.vigil.lab.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's) in the lab scrapes both directors with the shipped alert rules: the pair is
 * healthy (one master, no alert), then kill -9 of the master makes VigilFailover fire, as Prometheus's API says.
 */
@Tag("netns")
class PrometheusAlertIT {

    static Segment lan;
    static NetnsLab lab;

    @BeforeAll
    static void lab() {
        assertThat(Path.of("/usr/bin/prometheus")).as("prometheus must be installed (Debian package prometheus)")
                .exists();
        lan = Segment.create("prometheus-alert", "d1 192.0.2.1/24", "d2 192.0.2.2/24", "mon 192.0.2.20/24");
        lab = lan.lab;
    }

    @AfterAll
    static void close() {
        lan.close();
    }

    static String config(int priority) {
        return Configs.instance(priority, "", "192.0.2.100/24");
    }

    @Test
    void killingTheMasterFiresTheFailoverAlert() throws Exception {
        Path rules = Path.of("alerts", "vigil-alerts.yml").toAbsolutePath();
        Director.Vigil d1 = new Director.Vigil(lab, "d1", lan.dir, config(150));
        d1.extraArgs.addAll(java.util.List.of("--metrics", "192.0.2.1:9650"));
        lan.start(d1);
        Director.Vigil d2 = new Director.Vigil(lab, "d2", lan.dir, config(100));
        d2.extraArgs.addAll(java.util.List.of("--metrics", "192.0.2.2:9650"));
        lan.start(d2);
        PrometheusServer prometheus = PrometheusServer.start(lab, "mon", "192.0.2.20", lan.dir, rules,
                Map.of("d1", "192.0.2.1:9650", "d2", "192.0.2.2:9650"));

        // both directors are scraped and exactly one is master
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                prometheus.scalar("sum(vigil_vrrp_state == bool 2)") == 1
                        && prometheus.scalar("count(up == 1)") == 2);
        assertThat(prometheus.alerts()).extracting(PrometheusServer.Alert::name).doesNotContain("VigilFailover");

        d1.kill9();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .alias("VigilFailover firing in Prometheus").until(() -> prometheus.alerts().stream().anyMatch(a ->
                        a.name().equals("VigilFailover") && a.state().equals("firing")
                                && "d2".equals(a.labels().get("host"))));
    }
}
