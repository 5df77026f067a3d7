package io.vigil.healthcheck.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackersTest {

    @Test
    void riseAndFallCountConsecutiveResults() {
        RiseFall s = RiseFall.initial(false);
        assertThat(s.ok()).isTrue();
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
        assertThat(RiseFall.initial(true).ok()).isFalse();
    }

    @Test
    void scriptEffectFollowsKeepalivedWeights() {
        assertThat(TrackEffect.ofStatus(false, 0, false)).isEqualTo(new TrackEffect(0, true));
        assertThat(TrackEffect.ofStatus(true, 0, false)).isEqualTo(TrackEffect.NONE);
        assertThat(TrackEffect.ofStatus(true, 0, true)).isEqualTo(new TrackEffect(0, true));
        assertThat(TrackEffect.ofStatus(true, 20, false)).isEqualTo(new TrackEffect(20, false));
        assertThat(TrackEffect.ofStatus(false, 20, false)).isEqualTo(TrackEffect.NONE);
        assertThat(TrackEffect.ofStatus(false, -30, false)).isEqualTo(new TrackEffect(-30, false));
        assertThat(TrackEffect.ofStatus(true, -30, false)).isEqualTo(TrackEffect.NONE);
        assertThat(TrackEffect.ofStatus(true, -30, true)).isEqualTo(new TrackEffect(-30, false));
    }

    @Test
    void fileEffectMultipliesAndFaultsBelowMinus253() {
        assertThat(TrackEffect.ofFile(0, 0, false)).isEqualTo(TrackEffect.NONE);
        assertThat(TrackEffect.ofFile(3, 0, false)).isEqualTo(new TrackEffect(0, true));
        assertThat(TrackEffect.ofFile(3, 0, true)).isEqualTo(TrackEffect.NONE);
        assertThat(TrackEffect.ofFile(-5, 10, false)).isEqualTo(new TrackEffect(-50, false));
        assertThat(TrackEffect.ofFile(5, 10, true)).isEqualTo(new TrackEffect(-50, false));
        assertThat(TrackEffect.ofFile(-30, 10, false)).isEqualTo(new TrackEffect(0, true));
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
