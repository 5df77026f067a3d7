package io.vigil.healthcheck.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code vrrp_script NAME { script, interval, timeout, weight [reverse], rise, fall, user, init_fail }}. Exit 0 is
 * success, anything else (or running past {@code timeout}) failure; {@code rise} consecutive successes make it OK,
 * {@code fall} consecutive failures make it KO.
 *
 * @param interval {@code interval} (default 1 s)
 * @param timeout {@code timeout}, or null for the interval
 * @param weight {@code weight} (default 0: KO puts tracking instances in FAULT)
 * @param rise {@code rise} (default 1)
 * @param fall {@code fall} (default 1)
 * @param user {@code user}, or null for the global script_user
 * @param initFail {@code init_fail}: start KO instead of OK
 */
public record VrrpScript(String name, List<String> script, Duration interval, Duration timeout, int weight,
        boolean reverse, int rise, int fall, ScriptUser user, boolean initFail) {

    public VrrpScript {
        Objects.requireNonNull(name, "name");
        script = List.copyOf(script);
        if (script.isEmpty()) {
            throw new IllegalArgumentException("vrrp_script " + name + " needs a script");
        }
        CheckTiming.positive(interval, "interval");
        if (timeout != null) {
            CheckTiming.positive(timeout, "timeout");
        }
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("vrrp_script weight must be in -253..253: " + weight);
        }
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be >= 1");
        }
    }

    /** A vrrp_script with keepalived's defaults. */
    public static VrrpScript of(String name, String scriptLine) {
        return new VrrpScript(name, ScriptCommandLine.split(scriptLine), Duration.ofSeconds(1), null, 0, false, 1, 1,
                null, false);
    }

    public Duration effectiveTimeout() {
        return timeout != null ? timeout : interval;
    }

    public VrrpScript withRiseFall(int r, int f) {
        return new VrrpScript(name, script, interval, timeout, weight, reverse, r, f, user, initFail);
    }

    public VrrpScript withInterval(Duration i, Duration t) {
        return new VrrpScript(name, script, i, t, weight, reverse, rise, fall, user, initFail);
    }

    public VrrpScript withWeight(int w, boolean rev) {
        return new VrrpScript(name, script, interval, timeout, w, rev, rise, fall, user, initFail);
    }
}
