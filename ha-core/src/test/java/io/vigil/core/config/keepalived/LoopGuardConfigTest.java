package io.vigil.core.config.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.lvs.LoopGuard;
import io.vigil.core.config.tree.ModelTree;
import io.vigil.core.config.yaml.YamlConfigWriter;
import io.vigil.core.net.MacAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vigil's keywords for the fwmark rule manager: {@code vigil_peer_mac} (vrrp_instance, global_defs as the default)
 * and {@code vigil_loop_guard} (virtual_server, global_defs as the default), in keepalived syntax and YAML.
 */
class LoopGuardConfigTest {

    @TempDir
    Path dir;

    static final String PAIR = """
            global_defs {
                vigil_peer_mac 02:00:00:00:00:aa
                vigil_loop_guard off
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                vigil_peer_mac 02:00:00:00:00:01 02-00-00-00-00-02 02:00:00:00:00:01
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 52
                virtual_ipaddress {
                    192.0.2.101/24
                }
            }
            virtual_server 192.0.2.100 80 {
                lb_kind DR
                vigil_loop_guard on
                real_server 192.0.2.1 80 {
                }
            }
            virtual_server 192.0.2.101 80 {
                lb_kind DR
                real_server 192.0.2.1 80 {
                }
            }
            """;

    static MacAddress mac(String text) {
        return MacAddress.parse(text);
    }

    @Test
    void peerMacsAndGuardModesAreReadWithGlobalDefaults() {
        LoadResult r = Ka.load(dir, PAIR);
        assertThat(Ka.texts(r.errors())).isEmpty();
        VigilConfig c = r.config();
        assertThat(c.instance("VI_1").orElseThrow().options().peerMacs())
                .containsExactly(mac("02:00:00:00:00:01"), mac("02:00:00:00:00:02"));
        assertThat(c.instance("VI_2").orElseThrow().options().peerMacs()).containsExactly(mac("02:00:00:00:00:aa"));
        assertThat(c.globalDefs().vrrp().peerMacs()).containsExactly(mac("02:00:00:00:00:aa"));
        assertThat(c.globalDefs().lvs().loopGuard()).isEqualTo(LoopGuard.OFF);
        assertThat(c.virtualServers().get(0).loopGuard()).isEqualTo(LoopGuard.ON);
        assertThat(c.virtualServers().get(1).loopGuard()).as("not given: global_defs'").isNull();
    }

    @Test
    void withoutTheKeywordsNothingIsConfiguredAndTheGuardIsAuto() {
        VigilConfig c = Ka.load(dir, """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    virtual_ipaddress {
                        192.0.2.100/24
                    }
                }
                """).config();
        assertThat(c.instance("VI_1").orElseThrow().options().peerMacs()).isEmpty();
        assertThat(c.globalDefs().lvs().loopGuard()).isEqualTo(LoopGuard.AUTO);
    }

    @Test
    void badValuesAreErrorsAtTheirColumn() {
        LoadResult r = Ka.load(dir, """
                global_defs {
                    vigil_loop_guard sometimes
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    vigil_peer_mac 02:00:00:00:00:01 01:00:5e:00:00:12
                    vigil_peer_mac
                    vigil_peer_mac 02:00:00:00:zz:01
                    virtual_ipaddress {
                        192.0.2.100/24
                    }
                }
                """);
        assertThat(r.config()).isNull();
        assertThat(Ka.texts(r.errors())).containsExactly(
                "keepalived.conf:2:22: error: 'vigil_loop_guard': 'sometimes' is not one of auto|on|off",
                "keepalived.conf:7:38: error: 'vigil_peer_mac': 01:00:5e:00:00:12 is not a unicast MAC address",
                "keepalived.conf:8:5: error: 'vigil_peer_mac' needs at least 1 value, got 0",
                "keepalived.conf:9:20: error: 'vigil_peer_mac': '02:00:00:00:zz:01' is not a MAC address");
    }

    @Test
    void yamlRoundTripKeepsThemAndAGlobalPeerMacIsTheDefaultOfEveryInstance() throws Exception {
        VigilConfig c = Ka.load(dir, PAIR).config();
        String yaml = YamlConfigWriter.write(c);
        assertThat(yaml).contains("peer_macs", "loop_guard: 'off'", "loop_guard: 'on'");
        Path f = dir.resolve("pair.yaml");
        Files.writeString(f, yaml);
        LoadResult back = ConfigLoader.load(f, new LoadOptions("x"));
        assertThat(Ka.texts(back.errors())).isEmpty();
        assertThat(ModelTree.equalIgnoringLocation(c, back.config()))
                .as("differs in %s", ModelTree.differences(c, back.config())).isTrue();

        Path hand = dir.resolve("hand.yaml");
        Files.writeString(hand, """
                global_defs:
                  vrrp:
                    peer_macs: [02:00:00:00:00:aa]
                vrrp_instances:
                  - name: VI_1
                    interface_name: eth0
                    vrid: 51
                    options:
                      peer_macs: [02:00:00:00:00:01]
                  - name: VI_2
                    interface_name: eth0
                    vrid: 52
                virtual_servers:
                  - address: 192.0.2.100
                    port: 80
                    protocol: tcp
                    loop_guard: on
                """);
        LoadResult y = ConfigLoader.load(hand, new LoadOptions("x"));
        assertThat(Ka.texts(y.errors())).isEmpty();
        assertThat(y.config().instance("VI_1").orElseThrow().options().peerMacs())
                .isEqualTo(List.of(mac("02:00:00:00:00:01")));
        assertThat(y.config().instance("VI_2").orElseThrow().options().peerMacs())
                .isEqualTo(List.of(mac("02:00:00:00:00:aa")));
        assertThat(y.config().virtualServers().get(0).loopGuard()).isEqualTo(LoopGuard.ON);
    }
}
