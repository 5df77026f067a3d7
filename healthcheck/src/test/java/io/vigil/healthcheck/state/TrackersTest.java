package io.vigil.healthcheck.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackersTest {

    @Test
    void riseAndFallCountConsecutiveResults() {
        RiseFall s = new RiseFall(true, 0);
        s = s.next(false, 2, 3);
        s = s.next(false, 2, 3);
        assertThat(s.ok()).isTrue();
        s = s.next(true, 2, 3); // resets the failure streak
        s = s.next(false, 2, 3).next(false, 2, 3);
        assertThat(s.ok()).isTrue();
        s = s.next(false, 2, 3);
        assertThat(s.ok()).isFalse();
        s = s.next(true, 2, 3);
        assertThat(s.ok()).isFalse();
        s = s.next(true, 2, 3);
        assertThat(s.ok()).isTrue();
    }

    @Test
    void theFirstResultDecidesUnlessInitFail() {
        // keepalived: without init_fail one success is OK and one failure is KO, whatever rise and fall say
        assertThat(RiseFall.initial(false, 3).next(false, 3, 3).ok()).isFalse();
        assertThat(RiseFall.initial(false, 3).next(true, 3, 3).ok()).isTrue();
        assertThat(RiseFall.initial(false, 3).next(true, 3, 3).next(false, 3, 3).ok()).isTrue();
        // with init_fail: KO until rise successes
        RiseFall f = RiseFall.initial(true, 3);
        assertThat(f.ok()).isFalse();
        assertThat(f.next(true, 2, 3).ok()).isFalse();
        assertThat(f.next(true, 2, 3).next(true, 2, 3).ok()).isTrue();
    }

    @Test
    void processQuorumWaitsForForkAndTerminateDelays() {
        ProcessQuorum q = ProcessQuorum.initial(true);
        q = q.next(false, 100, 50, 30);
        assertThat(q.ok()).isTrue();
        q = q.next(false, 120, 50, 30);
        assertThat(q.ok()).isTrue();
        q = q.next(false, 130, 50, 30);
        assertThat(q.ok()).isFalse();
        q = q.next(true, 200, 50, 30);
        q = q.next(false, 210, 50, 30); // bounced back: the pending change is dropped
        q = q.next(true, 260, 50, 30);
        assertThat(q.ok()).isFalse();
        q = q.next(true, 310, 50, 30);
        assertThat(q.ok()).isTrue();
    }
}
