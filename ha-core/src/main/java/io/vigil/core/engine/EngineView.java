package io.vigil.core.engine;

import java.util.List;
import java.util.Objects;

/**
 * The engine as {@code vigil status} shows it.
 *
 * @param datapath        {@code ipvs}, {@code nftables} or {@code none}
 * @param virtualServers  each virtual server's last computed state
 * @param drains          the drains
 * @param preemptionHeld  preemption waits for the connection-sync daemon
 * @param driftRepaired   differences found between the kernel and what vigil had applied, since start
 */
public record EngineView(String datapath, List<VirtualServerStatus> virtualServers, List<DrainStatus> drains,
                         boolean preemptionHeld, long driftRepaired) {

    public EngineView {
        Objects.requireNonNull(datapath, "datapath");
        virtualServers = List.copyOf(virtualServers);
        drains = List.copyOf(drains);
    }
}
