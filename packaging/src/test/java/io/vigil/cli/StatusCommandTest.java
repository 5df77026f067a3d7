package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.event.RealServerHealth;
import io.vigil.core.event.TrackerState;
import io.vigil.core.event.VrrpState;
import io.vigil.core.net.InetAddresses;
import io.vigil.daemon.ControlServer;
import io.vigil.daemon.StatusReport;
import io.vigil.healthcheck.engine.CheckerStatus;
import io.vigil.healthcheck.engine.TrackerStatus;
import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.state.Reason;
import io.vigil.vrrp.runtime.InstanceView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status report's JSON (the control socket's answer) and the tables {@code vigil status} prints from it. */
class StatusCommandTest {

    static final Instant T = Instant.parse("2026-11-26T06:30:57.880Z");

    static StatusReport report() {
        InstanceView master = new InstanceView("VI_1", 51, "eth0", VrrpState.FAULT, 150, 90,
                InetAddresses.parse("192.0.2.2"), 100, null, List.of("script:chk \"x\""), 12, 340);
        RealServerHealth down = new RealServerHealth("[192.0.2.100]:tcp:80", InetAddresses.parse("198.51.100.12"),
                8080, false, 0, true, "REFUSED", "HTTP_GET: connect: Connection refused", T);
        RealServerHealth up = new RealServerHealth("[192.0.2.100]:tcp:80", InetAddresses.parse("2001:db8::11"),
                80, true, 3, false, "OK", "all checks pass", T);
        CheckerStatus c = new CheckerStatus(CheckerKind.HTTP_GET, false, 0, Reason.REFUSED,
                "connect: Connection refused", 1_234_567, 10, 4);
        return new StatusReport(List.of(master),
                List.of(new StatusReport.Line(down, List.of(c)),
                        new StatusReport.Line(up, List.of())),
                List.of(new TrackerStatus("chk", TrackerState.Kind.SCRIPT, false, 0, Reason.SCRIPT_EXIT, "exit 1")));
    }

    record Out(int status, String out, String err) {
    }

    static Out render(String answer, boolean json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int s = StatusCommand.render(answer, json, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Out(s, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theJsonNamesEveryFieldOfInstancesRealServersAndTrackers() {
        String json = report().toJson();
        assertThat(json).contains("\"name\": \"VI_1\"", "\"state\": \"FAULT\"", "\"effectivePriority\": 90",
                "\"master\": \"192.0.2.2\"", "\"faults\": [\n        \"script:chk \\\"x\\\"\"",
                "\"virtualServer\": \"[192.0.2.100]:tcp:80\"", "\"address\": \"198.51.100.12\"", "\"port\": 8080",
                "\"up\": false", "\"weight\": 0", "\"inhibitOnFailure\": true", "\"reason\": \"REFUSED\"",
                "\"since\": \"2026-11-26T06:30:57.880Z\"", "\"kind\": \"HTTP_GET\"", "\"lastDurationMs\": 1.23",
                "\"failures\": 4", "\"kind\": \"script\"", "\"detail\": \"exit 1\"");
        assertThat(render(json, true)).isEqualTo(new Out(0, json, ""));
    }

    @Test
    void theTablesShowOneLinePerInstanceRealServerAndTracker() {
        Out o = render(report().toJson(), false);
        assertThat(o.status()).isZero();
        assertThat(o.out().lines().toList()).containsExactly(
                "INSTANCE  VRID  INTERFACE  STATE  PRIORITY  MASTER           FAULTS",
                "VI_1      51    eth0       FAULT  90/150    192.0.2.2 (100)  script:chk \"x\"",
                "",
                "VIRTUAL SERVER        REAL SERVER         STATE  WEIGHT  REASON   SINCE                     DETAIL",
                "[192.0.2.100]:tcp:80  198.51.100.12:8080  DOWN   0       REFUSED  2026-11-26T06:30:57.880Z  "
                        + "HTTP_GET: connect: Connection refused",
                "[192.0.2.100]:tcp:80  [2001:db8::11]:80   UP     3       OK       2026-11-26T06:30:57.880Z  "
                        + "all checks pass",
                "",
                "TRACKER  KIND    STATE  VALUE  REASON       DETAIL",
                "chk      script  KO     0      SCRIPT_EXIT  exit 1");
    }

    static StatusReport withEngine() {
        StatusReport r = report();
        io.vigil.core.port.ServiceKey web = io.vigil.core.port.ServiceKey.of(io.vigil.core.port.ServiceKey.Protocol.TCP,
                InetAddresses.parse("192.0.2.100"), 80);
        io.vigil.core.engine.Drain d = new io.vigil.core.engine.Drain(InetAddresses.parse("198.51.100.12"), null,
                "[192.0.2.100]:tcp:80", T);
        io.vigil.core.engine.EngineView view = new io.vigil.core.engine.EngineView("nftables", List.of(
                new io.vigil.core.engine.VirtualServerStatus("[192.0.2.100]:tcp:80", List.of(web), false, 1, 2, 0,
                        true, List.of())), List.of(new io.vigil.core.engine.DrainStatus(d, 3, 1, null)), true, 2);
        return new StatusReport(r.instances(), r.realServers(), r.trackers(), view);
    }

    @Test
    void theEnginesPartShowsTheDatapathVirtualServersAndDrains() {
        String json = withEngine().toJson();
        assertThat(json).contains("\"datapath\": {", "\"kind\": \"nftables\"", "\"preemptionHeld\": true",
                "\"driftRepaired\": 2", "\"quorumUp\": false", "\"sorryServerActive\": true",
                "\"services\": [\n        \"TCP 192.0.2.100:80\"", "\"realServer\": \"198.51.100.12\"",
                "\"connectionsAtStart\": 3", "\"finished\": false");
        List<String> lines = render(json, false).out().lines().toList();
        assertThat(lines).contains(
                "datapath nftables, drift repaired 2, preemption held until the connection sync has caught up",
                "VIRTUAL SERVER        QUORUM  LIVE WEIGHT  SORRY SERVER  SERVICES",
                "[192.0.2.100]:tcp:80  DOWN    1/2          ACTIVE        TCP 192.0.2.100:80",
                "DRAINED        VIRTUAL SERVER        SINCE                     CONNECTIONS  STATE",
                "198.51.100.12  [192.0.2.100]:tcp:80  2026-11-26T06:30:57.880Z  1/3          DRAINING");
    }

    @Test
    void anErrorAnswerOrGarbageExitsOne() {
        Out e = render(ControlServer.error("unknown command 'x' (status)"), false);
        assertThat(e.status()).isEqualTo(1);
        assertThat(e.err()).contains("vigil: unknown command 'x' (status)");
        assertThat(render("not json at all", false).status()).isEqualTo(1);
        assertThat(render("[1, 2", true).status()).isEqualTo(1);
    }
}
