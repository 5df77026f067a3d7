package io.vigil.healthcheck.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.model.CheckTiming;
import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.model.FileCheck;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProbesTest {

    @TempDir
    Path dir;

    @Test
    void trackFileValuesAreParsedLikeStrtol() throws Exception {
        Path f = dir.resolve("v");
        Files.writeString(f, "  -42 trailing\n");
        assertThat(LocalProbes.readTrackFile(f).dynamicWeight()).isEqualTo(-42);
        Files.writeString(f, "abc");
        assertThat(LocalProbes.readTrackFile(f).reason()).isEqualTo(Reason.FILE_ERROR);
        assertThat(LocalProbes.readTrackFile(dir.resolve("missing")).reason()).isEqualTo(Reason.FILE_ERROR);
        Files.writeString(f, "99999999999");
        assertThat(LocalProbes.readTrackFile(f).detail()).contains("out of range");
    }

    @Test
    void fileCheckWeightZeroMeansNonZeroFails() {
        CheckTiming t = CheckTiming.defaults(CheckerKind.FILE_CHECK);
        TrackFile tf = TrackFile.of("t", dir.resolve("x"));
        FileCheck zero = new FileCheck(tf, false, 0, false, t);
        assertThat(LocalProbes.fileCheck(zero, ProbeResult.okWithWeight("", 0)).ok()).isTrue();
        assertThat(LocalProbes.fileCheck(zero, ProbeResult.okWithWeight("", 3)).reason())
                .isEqualTo(Reason.FILE_VALUE);
        FileCheck dyn = new FileCheck(tf, true, 5, false, t);
        assertThat(LocalProbes.fileCheck(dyn, ProbeResult.okWithWeight("", 3)).dynamicWeight()).isEqualTo(15);
        FileCheck rev = new FileCheck(tf, false, 5, true, t);
        assertThat(LocalProbes.fileCheck(rev, ProbeResult.okWithWeight("", 3)).reason()).isEqualTo(Reason.FILE_VALUE);
    }

    private void fakeProcess(Path proc, int pid, String comm, char state, String... argv) throws Exception {
        Path p = Files.createDirectories(proc.resolve(Integer.toString(pid)));
        Files.writeString(p.resolve("stat"), pid + " (" + comm + ") " + state + " 1 1 1");
        Files.write(p.resolve("cmdline"), (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void processesAreCountedByExactNameOrCommandLine() throws Exception {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        fakeProcess(proc, 10, "haproxy", 'S', "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg");
        fakeProcess(proc, 11, "haproxy", 'R', "/usr/sbin/haproxy", "-f", "/etc/other.cfg");
        fakeProcess(proc, 12, "haproxy", 'Z', "/usr/sbin/haproxy");
        fakeProcess(proc, 13, "haproxy-wrap", 'S', "/usr/bin/haproxy-wrap");
        Files.createDirectories(proc.resolve("self"));
        assertThat(LocalProbes.countProcesses(proc, TrackProcess.of("h", "haproxy")).dynamicWeight()).isEqualTo(2);
        TrackProcess exact = TrackProcess.of("h", "x").withFullCommand(List.of("/usr/sbin/haproxy", "-f",
                "/etc/haproxy.cfg"), null);
        assertThat(LocalProbes.countProcesses(proc, exact).dynamicWeight()).isEqualTo(1);
        TrackProcess partial = TrackProcess.of("h", "x").withFullCommand(List.of("/usr/sbin/haproxy", "-f"),
                "partial");
        assertThat(LocalProbes.countProcesses(proc, partial).dynamicWeight()).isEqualTo(2);
        TrackProcess initial = TrackProcess.of("h", "x").withFullCommand(List.of("/usr/sbin/haproxy", "-f",
                "/etc/ha"), "initial");
        assertThat(LocalProbes.countProcesses(proc, initial).dynamicWeight()).isEqualTo(1);
    }
}
