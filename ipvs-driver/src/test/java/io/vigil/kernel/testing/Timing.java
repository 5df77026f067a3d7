package io.vigil.kernel.testing;

import java.time.Duration;

/** Test timeouts, scaled by the {@code timing.multiple} system property on slow machines. */
public final class Timing {

    private Timing() {
    }

    public static Duration seconds(long s) {
        double m = Double.parseDouble(System.getProperty("timing.multiple", "1"));
        return Duration.ofMillis((long) (s * 1000 * Math.max(1, m)));
    }
}
