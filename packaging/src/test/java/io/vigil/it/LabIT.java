package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import io.vigil.lab.Lab;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's main command: {@code vigil lab} fails over as its timeline says, Prometheus fires the failover
 * alert, the failed requests are those of the takeover window only, and nothing is left behind, also when the lab
 * is interrupted with Ctrl-C.
 */
@Tag("netns")
class LabIT {

    /**
     * The namespaces of labs made by process {@code pid} (NetnsLab names them vg&lt;PID&gt;x&lt;N&gt;-...): other
     * processes' namespaces (a developer's test run beside this one) do not count.
     */
    static List<String> namespacesOf(long pid) {
        return NetnsLab.run(List.of("ip", "netns", "list"), true).lines().map(l -> l.split("\\s+")[0])
                .filter(n -> n.startsWith("vg" + pid + "x")).toList();
    }

    @Test
    void theLabFailsOverAndPrintsItsTimeline() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long me = ProcessHandle.current().pid();
        List<String> before = namespacesOf(me);
        long start = System.nanoTime();
        Lab.Result r = new Lab(Lan.vigilLauncher(), new PrintStream(buf, true, StandardCharsets.UTF_8), null).run();
        double seconds = (System.nanoTime() - start) / 1e9;
        String timeline = buf.toString(StandardCharsets.UTF_8);
        System.out.println(timeline);
        assertThat(timeline).contains("| vrrp_instance VI_FRONT {", "d1 is MASTER", "d2 holds the VIPs",
                "VigilFailover firing for d2", "requests to the DR VIP", "requests to the NAT VIP");
        assertThat(seconds).as("the lab's run time").isLessThan(60);
        // who held the VIP: d1, then (after the kill) d2, never both
        assertThat(r.holders()).doesNotContain("d1+d2").containsSubsequence("d1", "d2");
        assertThat(r.takeoverMs()).as(timeline).isLessThan(Lab.BACKUP_MDI_MS + 300);
        // a request every 20 ms per VIP: the failover costs the requests of its window, nothing else
        assertThat(r.requests()).as(timeline).isGreaterThan(250);
        // both VIPs lose the requests of the takeover window (the backup forwards no frame meant for the dead
        // master), and no more
        int bound = (int) ((r.takeoverMs() + 300 + 500) / 20 + 2);
        assertThat(r.failed()).as(timeline).containsOnlyKeys("DR", "NAT")
                .allSatisfy((vip, n) -> assertThat(n).as(vip).isPositive().isLessThanOrEqualTo(bound));
        assertThat(r.failedOutsideFailover()).as(timeline).isZero();
        assertThat(r.servedBy()).as("DR over rs1 and rs2, NAT to rs3").containsOnlyKeys("rs1", "rs2", "rs3");
        assertThat(r.alertFired()).as(timeline).isTrue();
        assertThat(r.alertAfterKillMs()).as(timeline).isBetween(0.0, 15_000.0);
        // nothing left behind
        assertThat(namespacesOf(me)).isEqualTo(before);
        assertThat(r.pids()).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("process %d", pid).isEmpty());
        assertThat(r.workDir()).doesNotExist();
    }

    @Test
    void anInterruptedLabRemovesEverything() throws Exception {
        Path log = Files.createTempFile("vigil-lab", ".out");
        try {
            Process lab = new ProcessBuilder(Lan.vigilLauncher().toString(), "lab").redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            await().atMost(Duration.ofSeconds(60)).alias("the lab's client starts").until(() ->
                    Files.readString(log).contains("client: an HTTP request") || !lab.isAlive());
            List<ProcessHandle> started = lab.descendants().toList();
            assertThat(started).as("the directors and Prometheus").hasSizeGreaterThanOrEqualTo(3);
            NetnsLab.run(List.of("kill", "-INT", Long.toString(lab.pid())), true);
            assertThat(lab.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            String out = Files.readString(log);
            assertThat(out).contains("vigil lab: interrupted, removing the lab");
            assertThat(namespacesOf(lab.pid())).as("the lab process's namespaces").isEmpty();
            assertThat(started).allSatisfy(p -> assertThat(p.isAlive()).as("%s", p.info().command()).isFalse());
            Matcher dir = Pattern.compile("building the lab in network namespaces \\((\\S+)\\)").matcher(out);
            assertThat(dir.find()).isTrue();
            assertThat(Path.of(dir.group(1))).doesNotExist();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
