package io.vigil.core.config.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.Diagnostic;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.lvs.CheckerConfig;
import io.vigil.core.config.tree.JsonWriter;
import io.vigil.core.config.tree.ModelTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The YAML form: defaults, validation with positions, safe loading, round trip, JSON. */
class YamlConfigTest {

    @TempDir
    Path dir;

    private LoadResult load(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return ConfigLoader.load(f, new LoadOptions("test"));
    }

    private static List<String> texts(List<Diagnostic> ds) {
        return ds.stream().map(d -> d.toString().replaceFirst("^/[^:]*/", "")).collect(Collectors.toList());
    }

    @Test
    void aShortHandWrittenConfigTakesKeepalivedsDefaults() throws Exception {
        LoadResult r = load("v.yaml", """
                global_defs:
                  vrrp:
                    version: 3
                    garp:
                      master_repeat: 2
                vrrp_instances:
                  - name: VI_1
                    interface_name: eth0
                    vrid: 51
                    advert_interval: 250ms
                    virtual_addresses:
                      - prefix: 192.0.2.10/24
                virtual_servers:
                  - address: 192.0.2.10
                    port: 80
                    protocol: tcp
                    real_servers:
                      - address: 192.0.2.21
                        port: 80
                        checkers:
                          - kind: tcp
                            timing: {delay_loop: 5s}
                """);
        assertThat(texts(r.diagnostics())).isEmpty();
        VrrpInstanceConfig i = r.config().instance("VI_1").orElseThrow();
        assertThat(i.priority()).isEqualTo(100);
        assertThat(i.version()).as("global default").isEqualTo(3);
        assertThat(i.garp().masterRepeat()).isEqualTo(2);
        assertThat(i.advertIntervalNanos()).isEqualTo(250_000_000L);
        assertThat(i.preempt()).isTrue();
        assertThat(i.location().line()).isEqualTo(7);
        var tcp = (CheckerConfig.TcpCheck) r.config().virtualServers().get(0).realServers().get(0).checkers().get(0);
        assertThat(tcp.connection().connectPort()).as("from the real server").isEqualTo(80);
        assertThat(tcp.connection().connectIp().getHostAddress()).isEqualTo("192.0.2.21");
        assertThat(tcp.timing().retry()).isEqualTo(1);
    }

    @Test
    void wrongValuesAreErrorsWithLineAndColumn() throws Exception {
        LoadResult r = load("bad.yaml", """
                vrrp_instances:
                  - name: VI_1
                    interface_name: eth0
                    vrid: 300
                    prioritty: 10
                    virtual_addresses:
                      - prefix: 203.0.113.500
                  - interface_name: eth1
                    vrid: 2
                """);
        assertThat(r.isValid()).isFalse();
        assertThat(texts(r.diagnostics())).containsExactly(
                "bad.yaml:5:16: warning: unknown key 'prioritty' in vrrp_instances #1: did you mean 'priority'?",
                "bad.yaml:4:11: error: 'vrid': 300 is outside [1, 255]",
                "bad.yaml:7:17: error: 'prefix': not an IPv4 address: '203.0.113.500' (500 > 255)",
                "bad.yaml:8:5: error: vrrp_instances #2: missing key 'name'");
    }

    @Test
    void theSameCrossChecksAsKeepalivedConf() throws Exception {
        LoadResult r = load("x.yaml", """
                vrrp_instances:
                  - name: VI_1
                    interface_name: eth0
                    vrid: 5
                    virtual_addresses: [{prefix: 192.0.2.1}]
                    track_scripts: [{name: chk_b}]
                vrrp_scripts:
                  - name: chk_a
                    script: {command: /bin/true}
                    timeout: 1s
                """);
        assertThat(texts(r.errors())).containsExactly("x.yaml:6:21: error: vrrp_instance VI_1: track_script names"
                + " chk_b, but no vrrp_script chk_b is defined: did you mean 'chk_a'?");
    }

    @Test
    void onlySafeLoading() throws Exception {
        LoadResult r = load("t.yaml", "global_defs: !!java.net.URL [\"http://example.com\"]\n");
        assertThat(texts(r.errors())).singleElement().asString().startsWith("t.yaml:1:14: error: YAML:")
                .contains("tag:yaml.org,2002:java.net.URL").contains("not allowed");
        LoadResult bomb = load("b.yaml", """
                a: &a ["x","x","x","x","x","x","x","x","x"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                """);
        assertThat(bomb.isValid()).isFalse();
        assertThat(texts(bomb.errors())).singleElement().asString().contains("YAML");
        LoadResult dup = load("d.yaml", "global_defs:\n  router_id: a\n  router_id: b\n");
        assertThat(texts(dup.errors())).singleElement().asString().contains("key 'router_id' given twice");
    }

    @Test
    void jsonDumpIsJsonOfTheSameTree() throws Exception {
        LoadResult r = load("keepalived.conf", """
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    notify_master "/bin/echo \\"a\\tb\\""
                    virtual_ipaddress {
                        2001:db8::1
                    }
                }
                """);
        VigilConfig c = r.config();
        String json = JsonWriter.write(ModelTree.toTree(c));
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
        assertThat(normalise(parsed)).isEqualTo(normalise(ModelTree.toTree(c)));
        // the command is re-read with shell quoting, as keepalived does: \" is a quote, \t a tab
        assertThat(json).contains("\"command\": \"/bin/echo \\\"a\\tb\\\"\"").contains("\"2001:db8::1/128\"");
    }

    private static Object normalise(Object o) {
        if (o instanceof Integer i) {
            return (long) i;
        }
        if (o instanceof java.util.Map<?, ?> m) {
            java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, normalise(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(YamlConfigTest::normalise).collect(Collectors.toList());
        }
        return o;
    }
}
