package io.vigil.healthcheck.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.model.CheckTiming;
import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.model.FileCheck;
import io.vigil.healthcheck.model.MiscCheck;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.ScriptCommandLine;
import io.vigil.healthcheck.model.TcpCheck;
import io.vigil.healthcheck.model.TrackFile;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealServerVerdictTest {

    private static final RealServerKey KEY = new RealServerKey("vs", InetAddress.getLoopbackAddress(), 80);
    private static final CheckerState UP = new CheckerState(true, 0, ProbeResult.ok("ok"));
    private static final CheckerState DOWN = new CheckerState(false, 0, ProbeResult.fail(Reason.HTTP_STATUS,
            "status 503"));

    private static RealServerTarget target(int weight, CheckerConfig... c) {
        return new RealServerTarget(KEY, weight, false, List.of(c));
    }

    @Test
    void allCheckersMustPass() {
        RealServerTarget t = target(5, TcpCheck.defaults(), TcpCheck.defaults());
        assertThat(RealServerVerdict.of(t, List.of(UP, UP))).isEqualTo(new RealServerVerdict(true, 5, Reason.OK,
                "all checks pass"));
        RealServerVerdict v = RealServerVerdict.of(t, List.of(UP, DOWN));
        assertThat(v.up()).isFalse();
        assertThat(v.weight()).isZero();
        assertThat(v.reason()).isEqualTo(Reason.HTTP_STATUS);
        assertThat(v.detail()).isEqualTo("TCP_CHECK: status 503");
    }

    @Test
    void noCheckerMeansUpAndNotCheckedYetIsReported() {
        assertThat(RealServerVerdict.of(target(1), List.of()).up()).isTrue();
        CheckerState initial = CheckerState.initial(TcpCheck.defaults().timing());
        RealServerVerdict v = RealServerVerdict.of(target(1, TcpCheck.defaults()), List.of(initial));
        assertThat(v.up()).isTrue();
        assertThat(v.reason()).isEqualTo(Reason.NOT_CHECKED);
    }

    @Test
    void miscDynamicSetsTheWeightToExitMinusTwo() {
        MiscCheck m = new MiscCheck(CheckTiming.defaults(CheckerKind.MISC_CHECK), ScriptCommandLine.split("/bin/x"),
                null, true, null);
        CheckerState exit12 = new CheckerState(true, 0, ProbeResult.okWithWeight("exit 12", 10));
        assertThat(RealServerVerdict.of(target(3, m), List.of(exit12)).weight()).isEqualTo(10);
        // two dynamic checkers: each adds its difference to the configured weight
        CheckerState exit7 = new CheckerState(true, 0, ProbeResult.okWithWeight("exit 7", 5));
        assertThat(RealServerVerdict.of(target(3, m, m), List.of(exit12, exit7)).weight()).isEqualTo(3 + 7 + 2);
        // exit 0: the configured weight
        assertThat(RealServerVerdict.of(target(3, m), List.of(UP)).weight()).isEqualTo(3);
    }

    @Test
    void dynamicFileCheckAddsItsValueAndANegativeTotalIsDown() {
        FileCheck f = new FileCheck(TrackFile.of("f", Path.of("/tmp/x")), true, 2, false,
                CheckTiming.defaults(CheckerKind.FILE_CHECK));
        CheckerState plus = new CheckerState(true, 0, ProbeResult.okWithWeight("v", 8));
        assertThat(RealServerVerdict.of(target(10, f), List.of(plus)).weight()).isEqualTo(18);
        CheckerState minus = new CheckerState(true, 0, ProbeResult.okWithWeight("v", -20));
        RealServerVerdict v = RealServerVerdict.of(target(10, f), List.of(minus));
        assertThat(v.up()).isFalse();
        assertThat(v.reason()).isEqualTo(Reason.FILE_VALUE);
    }

    @Test
    void differsOnlyOnUpOrWeight() {
        RealServerVerdict a = new RealServerVerdict(true, 1, Reason.NOT_CHECKED, "x");
        assertThat(new RealServerVerdict(true, 1, Reason.OK, "y").differsFrom(a)).isFalse();
        assertThat(new RealServerVerdict(true, 2, Reason.OK, "y").differsFrom(a)).isTrue();
        assertThat(new RealServerVerdict(false, 0, Reason.TIMEOUT, "y").differsFrom(a)).isTrue();
        assertThat(a.differsFrom(null)).isTrue();
    }
}
