package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        return """
                vrrp_instance VI_1 {
                  state BACKUP
                  interface eth0
                  virtual_router_id 51
                  version 3
                  priority %d
                  advert_int 0.1
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                }
                """.formatted(priority);
    }

    static String api(String path) {
        return lab.execUnchecked("mon", "curl", "-s", "--max-time", "2", "http://192.0.2.20:9090" + path);
    }

    @Test
    void killingTheMasterFiresTheFailoverAlert() throws Exception {
        Path rules = Path.of("alerts", "vigil-alerts.yml").toAbsolutePath();
        Path dir = lan.dir;
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: vigil
                    static_configs:
                      - targets: ['192.0.2.1:9650']
                        labels: {host: d1}
                      - targets: ['192.0.2.2:9650']
                        labels: {host: d2}
                """.formatted(rules));
        Director.Vigil d1 = new Director.Vigil(lab, "d1", dir, config(150));
        d1.extraArgs.addAll(java.util.List.of("--metrics", "192.0.2.1:9650"));
        lan.start(d1);
        Director.Vigil d2 = new Director.Vigil(lab, "d2", dir, config(100));
        d2.extraArgs.addAll(java.util.List.of("--metrics", "192.0.2.2:9650"));
        lan.start(d2);
        lab.start("mon", dir.resolve("prometheus.log"), "prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=192.0.2.20:9090");

        // both directors are scraped and exactly one is master
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                api("/api/v1/query?query=sum(vigil_vrrp_state%3D%3Dbool%202)").contains("\"1\"]")
                        && api("/api/v1/query?query=count(up%3D%3D1)").contains("\"2\"]"));
        assertThat(api("/api/v1/alerts")).doesNotContain("VigilFailover");

        d1.kill9();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .alias("VigilFailover firing in Prometheus").until(() -> {
                    String alerts = api("/api/v1/alerts");
                    return alerts.contains("\"alertname\":\"VigilFailover\"") && alerts.contains("\"state\":\"firing\"")
                            && alerts.contains("\"host\":\"d2\"");
                });
    }
}
