package io.vigil.core.event;

import io.vigil.core.net.AddressFamily;
import java.time.Instant;
import java.util.Objects;

/**
 * An instance changed state. Delivered to listeners (notify scripts, metrics, the engine) after the transition's
 * actions ran.
 *
 * @param instance      the instance name
 * @param vrid          its VRID
 * @param interfaceName its interface
 * @param family        its address family
 * @param from          the previous state
 * @param to            the new state
 * @param reason        why
 * @param priority      the effective priority after the change
 * @param monotonicNanos the event loop's clock at the transition
 * @param at            wall-clock time, for humans
 */
public record VrrpTransition(String instance, int vrid, String interfaceName, AddressFamily family, VrrpState from,
                             VrrpState to, TransitionReason reason, int priority, long monotonicNanos, Instant at) {

    public VrrpTransition {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
