package io.vigil.vrrp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The numeric reference table of vrrp-standards.md §2.1, exact to the nanosecond. */
class VrrpTimersTest {

    @ParameterizedTest(name = "v{0} prio {1} interval {2} ns: skew {3}, MDI {4}")
    @CsvSource({
        // version, priority, interval ns, skew ns, master down interval ns
        "2, 100, 1000000000, 609375000, 3609375000",
        "2, 200, 1000000000, 218750000, 3218750000",
        "2, 100, 3000000000, 609375000, 9609375000",   // v2 skew does not scale with the interval
        "3, 100, 1000000000, 609375000, 3609375000",
        "3, 200, 1000000000, 218750000, 3218750000",
        "3, 254, 1000000000, 7812500, 3007812500",
        "3, 100, 500000000, 304687500, 1804687500",    // learned 50 cs
        "3, 255, 1000000000, 3906250, 3003906250",
        "3, 100, 100000000, 60937500, 360937500",      // 10 cs: the 0.36 s protocol bound of the benchmark
        "3, 254, 10000000, 78125, 30078125",           // 1 cs keeps a skew (FRR's truncation loses it)
    })
    void matchesTheStandardsTable(int version, int priority, long interval, long skew, long mdi) {
        assertThat(VrrpTimers.skewNanos(version, priority, interval)).isEqualTo(skew);
        assertThat(VrrpTimers.masterDownIntervalNanos(version, priority, interval, 3)).isEqualTo(mdi);
    }
}
