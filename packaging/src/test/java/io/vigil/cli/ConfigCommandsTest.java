package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil check} and {@code vigil dump-config}, through {@link Main} as the launcher runs them. */
class ConfigCommandsTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private static final String CONF = """
            vrrp_instance VI_1 {
                @main priority 200
                @^main priority 100
                interface eth0
                virtual_router_id 51
                smtp_alert
                virtual_ipaddress {
                    192.0.2.10/24
                }
            }
            """;

    @Test
    void checkExitsZeroForAValidConfigAndPrintsWarnings() throws Exception {
        Path f = write("keepalived.conf", CONF);
        Run r = run("check", "-f", f.toString(), "--config-id", "main");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo(f + ": valid (1 vrrp_instance, 0 virtual_servers, 1 warning)\n");
        assertThat(r.err()).isEqualTo(f + ":6:5: warning: 'smtp_alert' in vrrp_instance is read but vigil does not"
                + " act on it yet (reported once)\n");
    }

    @Test
    void checkWarnsAboutWhatTheDatapathCannotDoAndStaysValid() throws Exception {
        String vs = """
                virtual_server 192.0.2.10 80 {
                    protocol TCP
                    lb_algo lc
                    real_server 198.51.100.11 80 {
                    }
                }
                """;
        Path nft = write("nft.conf", "global_defs {\n    vigil_datapath nftables\n}\n" + vs);
        Run r = run("check", "-f", nft.toString());
        assertThat(r.status()).isZero();
        assertThat(r.err()).contains(nft + ": warning: datapath nftables: TCP 192.0.2.10:80: scheduler lc needs"
                + " connection counts");
        assertThat(r.out()).contains("valid (0 vrrp_instances, 1 virtual_server, ");
        Path ipvs = write("ipvs.conf", "global_defs {\n    vigil_datapath ipvs\n}\n" + vs);
        Run i = run("check", "-f", ipvs.toString());
        assertThat(i.status()).isZero();
        assertThat(i.err()).doesNotContain("datapath");
        Path none = write("none.conf", "global_defs {\n    vigil_datapath none\n}\n" + vs);
        assertThat(run("check", "-f", none.toString()).err()).doesNotContain("datapath");
    }

    @Test
    void checkExitsOneForAnInvalidConfigWithFileLineColumn() throws Exception {
        Path f = write("keepalived.conf", CONF.replace("virtual_router_id 51", "virtual_router_id 300"));
        Run r = run("check", "-f", f.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains(f + ":5:23: error: 'virtual_router_id': 300 is outside [1, 255]\n");
        assertThat(r.out()).startsWith(f + ": invalid (");
        assertThat(run("check", "-f", dir.resolve("nope.conf").toString()).status()).isEqualTo(1);
    }

    @Test
    void aBadCommandLineIsAUsageError() throws Exception {
        Run r = run("check");
        assertThat(r.status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("usage: vigil check -f FILE [--config-id ID]");
        assertThat(run("dump-config", "-f", "x", "--format", "xml").status()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("--help").out()).contains("check").contains("dump-config");
    }

    @Test
    void dumpConfigYamlReadsBackAndTheConfigIdApplies() throws Exception {
        Path f = write("keepalived.conf", CONF);
        Run yaml = run("dump-config", "-f", f.toString(), "--config-id", "main", "--format", "yaml");
        assertThat(yaml.status()).isZero();
        assertThat(yaml.out()).contains("priority: 200").contains("vrid: 51");
        Path y = write("dumped.yaml", yaml.out());
        Run check = run("check", "-f", y.toString());
        assertThat(check.status()).isZero();
        Run again = run("dump-config", "-f", y.toString());
        assertThat(again.out()).isEqualTo(yaml.out());
    }

    @Test
    void dumpConfigJson() throws Exception {
        Path f = write("keepalived.conf", CONF);
        Run json = run("dump-config", "-f", f.toString(), "--format=json", "-i", "main");
        assertThat(json.status()).isZero();
        assertThat(json.out()).startsWith("{\n").contains("\"vrid\": 51").contains("\"priority\": 200")
                .contains("\"prefix\": \"192.0.2.10/24\"");
        assertThat(run("dump-config", "-f", write("bad.conf", "vrrp_instance {\n}\n").toString()).status())
                .isEqualTo(1);
    }
}
