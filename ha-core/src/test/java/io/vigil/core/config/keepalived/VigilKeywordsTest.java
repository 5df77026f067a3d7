package io.vigil.core.config.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VigilSettings;
import io.vigil.core.config.yaml.YamlConfigWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vigil's own global_defs keywords: the datapath, the repair interval, preemption after the sync daemon. */
class VigilKeywordsTest {

    static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void defaultsWhenNotGiven() {
        VigilSettings v = Ka.load(dir, "global_defs {\n router_id r1\n}\n").config().globalDefs().vigil();
        assertThat(v).isEqualTo(VigilSettings.DEFAULTS);
        assertThat(v.datapath()).isNull();
        assertThat(v.repairIntervalNanos()).isEqualTo(10 * S);
        assertThat(v.holdsPreemption()).isFalse();
    }

    @Test
    void everyKeywordRead() {
        LoadResult r = Ka.load(dir, """
                global_defs {
                  vigil_datapath nftables
                  vigil_datapath_repair_interval 2.5
                  vigil_preempt_after_sync 5 max 120
                  lvs_sync_daemon eth0 VI_1 id 7
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 7
                  priority 100
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                }
                """);
        assertThat(Ka.texts(r.diagnostics())).noneMatch(d -> d.contains("vigil_") || d.contains("lvs_sync_daemon"));
        VigilSettings v = r.config().globalDefs().vigil();
        assertThat(v.datapath()).isEqualTo(VigilSettings.Datapath.NFTABLES);
        assertThat(v.repairIntervalNanos()).isEqualTo(2_500_000_000L);
        assertThat(v.preemptAfterSyncNanos()).isEqualTo(5 * S);
        assertThat(v.preemptAfterSyncMaxNanos()).isEqualTo(120 * S);
        assertThat(r.config().globalDefs().lvs().syncDaemon().instance()).isEqualTo("VI_1");
    }

    @Test
    void theLongestHoldDefaultsToTenTimesTheQuietTime() {
        VigilSettings v = Ka.load(dir, "global_defs {\n vigil_preempt_after_sync 3\n}\n").config().globalDefs()
                .vigil();
        assertThat(v.preemptAfterSyncMaxNanos()).isEqualTo(30 * S);
    }

    @Test
    void wrongValuesAreErrors() {
        assertThat(Ka.texts(Ka.load(dir, "global_defs {\n vigil_datapath bpf\n}\n").errors())).singleElement()
                .asString().contains("'vigil_datapath' is ipvs, nftables, auto or none, not 'bpf'");
        assertThat(Ka.texts(Ka.load(dir, "global_defs {\n vigil_preempt_after_sync 5 min 3\n}\n").errors()))
                .singleElement().asString().contains("takes only 'max SECONDS'");
        assertThat(Ka.texts(Ka.load(dir, "global_defs {\n vigil_preempt_after_sync 5 max 2\n}\n").errors()))
                .singleElement().asString().contains("outside");
    }

    @Test
    void preemptAfterSyncWithoutASyncDaemonIsAWarning() {
        LoadResult r = Ka.load(dir, "global_defs {\n vigil_preempt_after_sync 5\n}\n");
        assertThat(r.config()).isNotNull();
        assertThat(Ka.texts(r.warnings())).anyMatch(w -> w.contains("there is no lvs_sync_daemon"));
    }

    @Test
    void yamlCarriesThemToo() throws Exception {
        VigilConfig c = Ka.load(dir, "global_defs {\n vigil_datapath ipvs\n vigil_preempt_after_sync 4\n}\n").config();
        String yaml = YamlConfigWriter.write(c);
        assertThat(yaml).contains("datapath: ipvs").contains("preempt_after_sync: 4s");
        Path y = dir.resolve("vigil.yaml");
        Files.writeString(y, yaml);
        LoadResult back = ConfigLoader.load(y, new LoadOptions("test"));
        assertThat(back.errors()).isEmpty();
        assertThat(back.config().globalDefs().vigil().datapath()).isEqualTo(VigilSettings.Datapath.IPVS);
        assertThat(back.config().globalDefs().vigil().preemptAfterSyncNanos()).isEqualTo(4 * S);
    }
}
