package io.vigil.core.engine;

import io.vigil.core.config.VigilConfig;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.event.VrrpState;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the desired datapath depends on.
 *
 * @param config    the running config (virtual servers, groups, instances and their VIPs)
 * @param instances each VRRP instance's state by name (missing: not running)
 * @param health    the last health report of each checked real server (missing: not reported yet)
 * @param drains    the operator's drains
 * @param stopping  the daemon is stopping: nothing is desired, and {@code omega} virtual servers notify
 */
public record EngineInput(VigilConfig config, Map<String, VrrpState> instances,
                          Map<RealServerRef, RealServerHealth> health, List<Drain> drains, boolean stopping) {

    public EngineInput {
        Objects.requireNonNull(config, "config");
        instances = Map.copyOf(instances);
        health = Map.copyOf(health);
        drains = List.copyOf(drains);
    }
}
