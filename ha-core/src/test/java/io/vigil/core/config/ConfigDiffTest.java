package io.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload diff: only what changed, matched as keepalived matches. */
class ConfigDiffTest {

    @TempDir
    Path dir;

    private VigilConfig load(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return ConfigLoader.load(f, new LoadOptions("x")).orThrow();
    }

    private static final String BASE = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 1
                priority 100
                virtual_ipaddress {
                    192.0.2.1
                }
            }
            vrrp_instance VI_2 {
                interface eth0
                virtual_router_id 2
                virtual_ipaddress {
                    192.0.2.2
                }
            }
            virtual_server 192.0.2.1 80 {
                protocol TCP
                lb_algo rr
                lb_kind NAT
                real_server 198.51.100.1 80 {
                    weight 1
                }
                real_server 198.51.100.2 80 {
                    weight 1
                }
            }
            """;

    @Test
    void anIdenticalConfigWrittenElsewhereIsNoChange() throws Exception {
        VigilConfig a = load("a.conf", BASE);
        VigilConfig b = load("b.conf", "\n\n# moved down\n" + BASE);
        assertThat(ConfigDiff.between(a, b).isEmpty()).isTrue();
    }

    @Test
    void changesAreNamedDownToTheField() throws Exception {
        VigilConfig a = load("a.conf", BASE);
        String changed = BASE.replace("priority 100", "priority 150")
                .replace("vrrp_instance VI_2", "vrrp_instance VI_TWO")
                .replace("real_server 198.51.100.2 80 {\n        weight 1", "real_server 198.51.100.2 80 {\n"
                        + "        weight 5")
                .replace("real_server 198.51.100.1 80 {", "real_server 198.51.100.3 80 {")
                + "vrrp_instance VI_3 {\n interface eth1\n virtual_router_id 3\n virtual_ipaddress {\n 192.0.2.3\n }\n}\n";
        VigilConfig b = load("b.conf", changed);
        ConfigDiff d = ConfigDiff.between(a, b);
        assertThat(d.summary()).containsExactly(
                "vrrp_instance VI_1 changed: priority",
                "vrrp_instance VI_TWO changed: name",
                "vrrp_instance VI_3 added",
                "virtual_server [192.0.2.1]:tcp:80 changed: real_servers",
                "  real_server 198.51.100.2:80 changed: weight",
                "  real_server 198.51.100.1:80 removed",
                "  real_server 198.51.100.3:80 added");
        assertThat(d.vrrpInstances().get(1).before().name()).as("renamed: matched by VRID, family, interface")
                .isEqualTo("VI_2");
    }

    @Test
    void anInstanceMovedToAnotherVridIsMatchedByName() throws Exception {
        VigilConfig a = load("a.conf", BASE);
        VigilConfig b = load("b.conf", BASE.replace("virtual_router_id 2", "virtual_router_id 22"));
        assertThat(ConfigDiff.between(a, b).summary()).containsExactly("vrrp_instance VI_2 changed: vrid");
    }

    @Test
    void removedVirtualServer() throws Exception {
        VigilConfig a = load("a.conf", BASE);
        VigilConfig b = load("b.conf", BASE.substring(0, BASE.indexOf("virtual_server")));
        assertThat(ConfigDiff.between(a, b).summary()).containsExactly(
                "virtual_server [192.0.2.1]:tcp:80 removed");
    }
}
