package io.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shipped Prometheus alert rules pass {@code promtool check rules} and their unit tests. */
class AlertRulesTest {

    static final Path ALERTS = Path.of("alerts");

    static String promtool(String... args) throws Exception {
        assertThat(Path.of("/usr/bin/promtool")).as("promtool (Debian package prometheus) must be installed")
                .exists();
        String[] cmd = new String[args.length + 1];
        cmd[0] = "promtool";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(ALERTS.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void rulesAreValid() throws Exception {
        assertThat(Files.exists(ALERTS.resolve("vigil-alerts.yml"))).isTrue();
        assertThat(promtool("check", "rules", "vigil-alerts.yml")).contains("SUCCESS: 9 rules found");
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        assertThat(promtool("test", "rules", "vigil-alerts.test.yml")).contains("SUCCESS");
    }
}
