package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.ipvs.IpvsTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line of {@code vigil ipvs}. (Its output against a kernel with IPVS is ipvsadm's, checked in
 * ipvs-driver's VM tier by IpvsTableVmIT on the same IpvsListing.)
 */
class IpvsCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new IpvsCommand().run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void isListedByMain() {
        assertThat(Main.commands()).containsKey("ipvs");
    }

    @Test
    void wrongCommandLinesAreUsageErrors() {
        assertThat(run()).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("show")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("list", "--stats", "--rate")).isEqualTo(Main.EXIT_USAGE);
        assertThat(run("list", "-x")).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: vigil ipvs list [-n] [--stats | --rate]")
                .contains("unknown option '-x'");
    }

    @Test
    void listsTheTableOrSaysThatTheKernelHasNoIpvs() {
        int status = run("list", "-n");
        if (IpvsTable.available()) {
            assertThat(status).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("IP Virtual Server version ");
        } else {
            assertThat(status).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("this kernel has no IPVS generic netlink family");
        }
    }
}
