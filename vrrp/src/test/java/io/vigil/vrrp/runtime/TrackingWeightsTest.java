package io.vigil.vrrp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keepalived's tracking arithmetic (vrrp_track.c), as tables. */
class TrackingWeightsTest {

    @ParameterizedTest(name = "up={0} weight={1} reverse={2}: {3}")
    @CsvSource({
            // positive weights add while up; negative ones while down
            "true,  20, false, 20", "false, 20, false, 0",
            "true, -30, false, 0", "false, -30, false, -30",
            // reverse: a positive weight is taken off while up, a negative one given while down
            "true,  20, true, -20", "false, 20, true, 0",
            "true, -30, true, 0", "false, -30, true, 30"})
    void aWeightedObjectAddsItsWeightInOneStateOnly(boolean up, int weight, boolean reverse, int expected) {
        assertThat(TrackingWeights.contribution(up, weight, reverse)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "up={0} reverse={1}: fault={2}")
    @CsvSource({"true, false, false", "false, false, true", "true, true, true", "false, true, false"})
    void anUnweightedObjectFaultsWhileDownOrWhileUpWithReverse(boolean up, boolean reverse, boolean fault) {
        assertThat(TrackingWeights.faults(up, reverse)).isEqualTo(fault);
    }

    @ParameterizedTest(name = "value={0} weight={1} reverse={2}: {3}")
    @CsvSource({
            "0, 0, false, 0", "3, 0, false, -254", "3, 0, true, 0", "0, 0, true, -254",
            "-5, 10, false, -50", "5, 10, true, -50", "4, 5, false, 20",
            "100, 10, false, 253", "-26, 10, false, -254", "-25, 10, false, -250",
            "2147483647, 2147483647, false, 253", "-2147483648, 2147483647, false, -254"})
    void aFileMultipliesItsValueAndFaultsAtMinus254(long value, int weight, boolean reverse, int expected) {
        assertThat(TrackingWeights.file(value, weight, reverse)).isEqualTo(expected);
    }
}
