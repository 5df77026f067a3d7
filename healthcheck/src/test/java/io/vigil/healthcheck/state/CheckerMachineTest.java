package io.vigil.healthcheck.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.model.CheckTiming;
import io.vigil.healthcheck.model.CheckerKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckerMachineTest {

    private static final CheckTiming T = CheckTiming.defaults(CheckerKind.TCP_CHECK, Duration.ofSeconds(6))
            .withRetry(2).withDelayBeforeRetry(Duration.ofSeconds(1));
    private static final ProbeResult FAIL = ProbeResult.fail(Reason.REFUSED, "refused");
    private static final ProbeResult OK = ProbeResult.ok("ok");

    @Test
    void startsUpWithoutAlphaAndDownWithAlpha() {
        assertThat(CheckerState.initial(T).up()).isTrue();
        assertThat(CheckerState.initial(T).last().reason()).isEqualTo(Reason.NOT_CHECKED);
        CheckerState a = CheckerState.initial(T.withAlpha(true));
        assertThat(a.up()).isFalse();
        assertThat(a.last().reason()).isEqualTo(Reason.ALPHA);
    }

    @Test
    void failuresWhileUpAreRetriedDelayBeforeRetryApartThenGoDown() {
        CheckerState s = CheckerState.initial(T);
        CheckerMachine.Step a = CheckerMachine.onResult(s, FAIL, T);
        assertThat(a.state().up()).isTrue();
        assertThat(a.state().retryIt()).isEqualTo(1);
        assertThat(a.nextDelayNanos()).isEqualTo(1_000_000_000L);
        assertThat(a.upChanged()).isFalse();
        CheckerMachine.Step b = CheckerMachine.onResult(a.state(), FAIL, T);
        assertThat(b.state().retryIt()).isEqualTo(2);
        assertThat(b.state().up()).isTrue();
        CheckerMachine.Step c = CheckerMachine.onResult(b.state(), FAIL, T);
        assertThat(c.state().up()).isFalse();
        assertThat(c.upChanged()).isTrue();
        assertThat(c.state().retryIt()).isZero();
        assertThat(c.nextDelayNanos()).isEqualTo(6_000_000_000L);
        assertThat(c.state().last().reason()).isEqualTo(Reason.REFUSED);
    }

    @Test
    void aSuccessBetweenFailuresResetsTheRetryCount() {
        CheckerState s = CheckerMachine.onResult(CheckerState.initial(T), FAIL, T).state();
        s = CheckerMachine.onResult(s, OK, T).state();
        assertThat(s.retryIt()).isZero();
        s = CheckerMachine.onResult(s, FAIL, T).state();
        s = CheckerMachine.onResult(s, FAIL, T).state();
        assertThat(s.up()).isTrue();
    }

    @Test
    void failuresWhileDownAreNotRetriedAndOneSuccessRecovers() {
        CheckerState down = CheckerState.initial(T.withAlpha(true));
        CheckerMachine.Step f = CheckerMachine.onResult(down, FAIL, T);
        assertThat(f.state().up()).isFalse();
        assertThat(f.upChanged()).isFalse();
        assertThat(f.nextDelayNanos()).isEqualTo(6_000_000_000L);
        CheckerMachine.Step ok = CheckerMachine.onResult(f.state(), OK, T);
        assertThat(ok.state().up()).isTrue();
        assertThat(ok.upChanged()).isTrue();
        assertThat(ok.nextDelayNanos()).isEqualTo(6_000_000_000L);
    }

    @Test
    void retryZeroGoesDownOnTheFirstFailure() {
        CheckTiming t = T.withRetry(0);
        CheckerMachine.Step s = CheckerMachine.onResult(CheckerState.initial(t), FAIL, t);
        assertThat(s.state().up()).isFalse();
        assertThat(s.upChanged()).isTrue();
    }

    @Test
    void firstAttemptIsSpreadOverWarmup() {
        assertThat(CheckerMachine.firstDelayNanos(T, 0.0)).isZero();
        assertThat(CheckerMachine.firstDelayNanos(T, 0.5)).isEqualTo(3_000_000_000L);
        assertThat(CheckerMachine.firstDelayNanos(T.withWarmup(Duration.ZERO), 0.9)).isZero();
    }

    @Test
    void keepalivedDefaultsPerKind() {
        assertThat(CheckTiming.defaults(CheckerKind.TCP_CHECK).retry()).isEqualTo(1);
        assertThat(CheckTiming.defaults(CheckerKind.DNS_CHECK).retry()).isEqualTo(3);
        assertThat(CheckTiming.defaults(CheckerKind.MISC_CHECK).retry()).isZero();
        assertThat(CheckTiming.defaults(CheckerKind.HTTP_GET).delayBeforeRetry()).isEqualTo(Duration.ofSeconds(3));
        assertThat(CheckTiming.defaults(CheckerKind.DNS_CHECK).delayBeforeRetry()).isEqualTo(Duration.ofSeconds(60));
        assertThat(CheckTiming.defaults(CheckerKind.SMTP_CHECK).delayBeforeRetry()).isEqualTo(Duration.ofSeconds(1));
        assertThat(CheckTiming.defaults(CheckerKind.TCP_CHECK).connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(CheckTiming.defaults(CheckerKind.TCP_CHECK).warmup()).isEqualTo(Duration.ofSeconds(60));
    }
}
