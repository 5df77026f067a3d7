package io.vigil.core.config;

import io.vigil.core.config.lvs.SslConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.config.lvs.VirtualServerGroupConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration of one director, as read from a keepalived-style or YAML file. Immutable; every node
 * carries its {@link SourceLocation}.
 *
 * @param vrrpScripts         {@code vrrp_script} blocks
 * @param trackFiles          {@code track_file} / {@code vrrp_track_file} blocks
 * @param trackProcesses      {@code vrrp_track_process} blocks
 * @param bfdInstances        {@code bfd_instance} blocks
 * @param staticAddresses     {@code static_ipaddress}
 * @param staticRoutes        {@code static_routes}
 * @param staticRules         {@code static_rules}
 * @param trackGroups         {@code track_group} blocks
 * @param garpGroups          {@code garp_group} blocks
 * @param linkbeatInterfaces  {@code linkbeat_interfaces}
 * @param interfaceDelays     {@code interface_up_down_delays}
 * @param virtualServerGroups {@code virtual_server_group} blocks
 * @param virtualServers      {@code virtual_server} blocks
 * @param ssl                 the {@code SSL} block, or {@code null}
 */
public record VigilConfig(GlobalDefs globalDefs, List<VrrpInstanceConfig> vrrpInstances,
                          List<VrrpSyncGroupConfig> vrrpSyncGroups, SourceLocation location,
                          List<VrrpScriptConfig> vrrpScripts, List<TrackFileConfig> trackFiles,
                          List<TrackProcessConfig> trackProcesses, List<BfdInstanceConfig> bfdInstances,
                          List<VirtualAddress> staticAddresses, List<RouteConfig> staticRoutes,
                          List<RuleConfig> staticRules, List<TrackGroupConfig> trackGroups,
                          List<GarpGroupConfig> garpGroups, List<InterfaceSetting> linkbeatInterfaces,
                          List<InterfaceSetting> interfaceDelays, List<VirtualServerGroupConfig> virtualServerGroups,
                          List<VirtualServerConfig> virtualServers, SslConfig ssl) {

    public VigilConfig {
        Objects.requireNonNull(globalDefs, "globalDefs");
        Objects.requireNonNull(location, "location");
        vrrpInstances = List.copyOf(vrrpInstances);
        vrrpSyncGroups = List.copyOf(vrrpSyncGroups);
        vrrpScripts = List.copyOf(vrrpScripts);
        trackFiles = List.copyOf(trackFiles);
        trackProcesses = List.copyOf(trackProcesses);
        bfdInstances = List.copyOf(bfdInstances);
        staticAddresses = List.copyOf(staticAddresses);
        staticRoutes = List.copyOf(staticRoutes);
        staticRules = List.copyOf(staticRules);
        trackGroups = List.copyOf(trackGroups);
        garpGroups = List.copyOf(garpGroups);
        linkbeatInterfaces = List.copyOf(linkbeatInterfaces);
        interfaceDelays = List.copyOf(interfaceDelays);
        virtualServerGroups = List.copyOf(virtualServerGroups);
        virtualServers = List.copyOf(virtualServers);
    }

    /** The original four components: VRRP only. */
    public VigilConfig(GlobalDefs globalDefs, List<VrrpInstanceConfig> vrrpInstances,
                       List<VrrpSyncGroupConfig> vrrpSyncGroups, SourceLocation location) {
        this(globalDefs, vrrpInstances, vrrpSyncGroups, location, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                null);
    }

    public Optional<VrrpScriptConfig> vrrpScript(String name) {
        return vrrpScripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<VrrpInstanceConfig> instance(String name) {
        return vrrpInstances.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
