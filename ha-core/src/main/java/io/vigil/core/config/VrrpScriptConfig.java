package io.vigil.core.config;

import java.util.Objects;

/**
 * A {@code vrrp_script}: a command run every {@code interval}; its exit status moves the priority of the instances
 * that track it (positive weight: added while it succeeds; negative: subtracted while it fails; 0: FAULT on failure).
 * Durations in nanoseconds, effective values ({@code timeout} defaults to the interval, as keepalived does).
 *
 * @param script       {@code script}, with the user and group of {@code user USER [GROUP]}
 * @param initFail     {@code init_fail}: the script starts in the failed state
 */
public record VrrpScriptConfig(String name, ScriptCommand script, long intervalNanos, long timeoutNanos, int weight,
                               boolean weightReverse, int rise, int fall, boolean initFail, SourceLocation location) {

    public static final long DEFAULT_INTERVAL_NANOS = 1_000_000_000L;

    public VrrpScriptConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(location, "location");
        if (intervalNanos <= 0 || timeoutNanos <= 0) {
            throw new IllegalArgumentException("interval and timeout must be positive");
        }
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("vrrp_script weight " + weight + " outside [-253, 253]");
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
    }
}
