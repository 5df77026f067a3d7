package io.vigil.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The whole configuration of one director, as read from a keepalived-style or YAML file. Immutable. */
public record VigilConfig(GlobalDefs globalDefs, List<VrrpInstanceConfig> vrrpInstances,
                          List<VrrpSyncGroupConfig> vrrpSyncGroups, SourceLocation location) {

    public VigilConfig {
        Objects.requireNonNull(globalDefs, "globalDefs");
        Objects.requireNonNull(location, "location");
        vrrpInstances = List.copyOf(vrrpInstances);
        vrrpSyncGroups = List.copyOf(vrrpSyncGroups);
    }

    public Optional<VrrpInstanceConfig> instance(String name) {
        return vrrpInstances.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
