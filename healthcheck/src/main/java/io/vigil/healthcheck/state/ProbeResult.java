package io.vigil.healthcheck.state;

import java.util.Objects;

/**
 * The outcome of one check attempt.
 *
 * @param reason OK or why it failed
 * @param detail human-readable detail ("status 503", "connect: Connection refused"), never null
 * @param dynamicWeight for misc_dynamic and dynamic FILE_CHECK: the weight the result asks for, else null
 * @param durationNanos how long the attempt took (0 when unknown)
 */
public record ProbeResult(Reason reason, String detail, Integer dynamicWeight, long durationNanos) {

    public ProbeResult {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public static ProbeResult ok(String detail) {
        return new ProbeResult(Reason.OK, detail, null, 0);
    }

    public static ProbeResult okWithWeight(String detail, int weight) {
        return new ProbeResult(Reason.OK, detail, weight, 0);
    }

    public static ProbeResult fail(Reason reason, String detail) {
        if (reason.passing()) {
            throw new IllegalArgumentException(reason + " is not a failure");
        }
        return new ProbeResult(reason, detail, null, 0);
    }

    public boolean ok() {
        return reason == Reason.OK;
    }

    public ProbeResult withDuration(long nanos) {
        return new ProbeResult(reason, detail, dynamicWeight, nanos);
    }
}
