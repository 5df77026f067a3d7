package io.vigil.vrrp.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vigil.core.event.TransitionReason;
import io.vigil.core.event.VrrpState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The VRRP meters. Names are dotted here; the Prometheus registry renders {@code vigil.vrrp.state} as
 * {@code vigil_vrrp_state} and counters with {@code _total}. Labels stay low-cardinality: the VRRP instance,
 * VRID, interface, states and reasons from closed enums. The instance label is {@code vrrp_instance}, not
 * {@code instance}: Prometheus gives every scraped series an {@code instance} label of its own (the target), and
 * would rename ours to {@code exported_instance}.
 */
public final class VrrpMetrics {

    public static final String STATE = "vigil.vrrp.state";
    public static final String PRIORITY = "vigil.vrrp.priority";
    public static final String TRANSITIONS = "vigil.vrrp.transitions";
    public static final String ADVERTS_RECEIVED = "vigil.vrrp.adverts.received";
    public static final String ADVERTS_SENT = "vigil.vrrp.adverts.sent";
    public static final String ADVERTS_INVALID = "vigil.vrrp.adverts.invalid";
    public static final String PRIORITY_ZERO_RECEIVED = "vigil.vrrp.priority.zero.received";
    public static final String PRIORITY_ZERO_SENT = "vigil.vrrp.priority.zero.sent";
    public static final String LOWER_PRIORITY_MASTER = "vigil.vrrp.lower.priority.master.seen";
    public static final String KERNEL_ERRORS = "vigil.vrrp.kernel.errors";
    public static final String LAST_TRANSITION = "vigil.vrrp.last.transition.seconds";
    public static final String MASTER_LAST_HEARD = "vigil.vrrp.master.last.heard.seconds";
    public static final String LAST_FAILOVER = "vigil.vrrp.last.failover.seconds";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public VrrpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the gauges of one instance, reading its live state through the functions. */
    <T> void registerInstance(String instance, int vrid, String iface, T obj, ToDoubleFunction<T> state,
                              ToDoubleFunction<T> priority, ToDoubleFunction<T> lastTransitionSeconds,
                              ToDoubleFunction<T> masterLastHeardSeconds, ToDoubleFunction<T> lastFailoverSeconds) {
        Tags tags = Tags.of("vrrp_instance", instance, "vrid", Integer.toString(vrid), "interface", iface);
        Gauge.builder(STATE, obj, state).description("VRRP state: 0 init, 1 backup, 2 master, 3 fault")
                .tags(tags).register(registry);
        Gauge.builder(PRIORITY, obj, priority).description("effective VRRP priority").tags(tags).register(registry);
        // the failover alert counts these: they exist, at 0, from the start, so the first takeover is an increase
        for (String reason : List.of("master_down_timer", "priority_zero_received", "preempted")) {
            counter(TRANSITIONS, "state changes", "vrrp_instance", instance, "from", "backup", "to", "master",
                    "reason", reason);
        }
        Gauge.builder(LAST_TRANSITION, obj, lastTransitionSeconds)
                .description("seconds since the instance last changed state").tags(tags).register(registry);
        Gauge.builder(MASTER_LAST_HEARD, obj, masterLastHeardSeconds)
                .description("seconds since an advert from another router was last accepted (NaN: never)")
                .tags(tags).register(registry);
        Gauge.builder(LAST_FAILOVER, obj, lastFailoverSeconds)
                .description("the last takeover by the master-down timer: seconds from the last advert heard to the"
                        + " VIPs added (0 when the last takeover had another reason, or none happened)")
                .tags(tags).register(registry);
    }

    /** Removes the gauges of an instance that no longer exists (its counters stay: they are history). */
    void unregisterInstance(String instance) {
        for (String name : List.of(STATE, PRIORITY, LAST_TRANSITION, MASTER_LAST_HEARD, LAST_FAILOVER)) {
            for (io.micrometer.core.instrument.Meter m : registry.find(name).tag("vrrp_instance", instance).meters()) {
                registry.remove(m);
            }
        }
    }

    void transition(String instance, VrrpState from, VrrpState to, TransitionReason reason) {
        counter(TRANSITIONS, "state changes", "vrrp_instance", instance, "from", from.name().toLowerCase(),
                "to", to.name().toLowerCase(), "reason", reason.label()).increment();
    }

    /**
     * The counters an instance bumps on every advert, looked up once: the per-advert path must not build meter
     * keys (25,500 adverts a second at 255 VRIDs and 10 ms).
     */
    InstanceCounters instanceCounters(String instance) {
        return new InstanceCounters(
                counter(ADVERTS_RECEIVED, "adverts accepted", "vrrp_instance", instance),
                counter(ADVERTS_SENT, "adverts sent", "vrrp_instance", instance),
                counter(PRIORITY_ZERO_RECEIVED, "priority 0 adverts received", "vrrp_instance", instance),
                counter(PRIORITY_ZERO_SENT, "priority 0 adverts sent", "vrrp_instance", instance));
    }

    /** The hot counters of one instance. */
    record InstanceCounters(Counter advertsReceived, Counter advertsSent, Counter priorityZeroReceived,
                            Counter priorityZeroSent) {
    }

    /** A rejected packet; {@code instance} is empty when no instance could be named (unknown VRID...). */
    void advertInvalid(String instance, String iface, String reason) {
        counter(ADVERTS_INVALID, "adverts rejected, by reason", "vrrp_instance", instance, "interface", iface,
                "reason", reason).increment();
    }

    void lowerPriorityMaster(String instance) {
        counter(LOWER_PRIORITY_MASTER, "adverts from another master with a lower priority (split brain)",
                "vrrp_instance", instance).increment();
    }

    void kernelError(String operation) {
        counter(KERNEL_ERRORS, "failed kernel operations", "operation", operation).increment();
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("\u0000", tags);
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags)
                .register(registry));
    }
}
