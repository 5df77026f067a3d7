package io.vigil.core.config;

import io.vigil.core.net.MacAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The {@code global_defs} settings that are defaults for every {@code vrrp_instance} ({@code vrrp_garp_*},
 * {@code vrrp_version}, ...). The keepalived reader has already applied them to each {@link VrrpInstanceConfig};
 * they are kept here so that a dump shows them and a YAML file can use them as defaults for what an instance omits.
 *
 * @param multicastGroup4   {@code vrrp_mcast_group4}, or {@code null} for 224.0.0.18
 * @param multicastGroup6   {@code vrrp_mcast_group6}, or {@code null} for ff02::12
 * @param garp              {@code vrrp_garp_*}, {@code vrrp_gna_interval}, {@code vrrp_min_garp}
 * @param garpExtraIfNanos  {@code vrrp_garp_extra_if} interval (0: off)
 * @param startupDelayNanos {@code vrrp_startup_delay}
 * @param defaultInterface  {@code default_interface} for static addresses, or {@code null} (eth0)
 * @param peerMacs          {@code vigil_peer_mac MAC...}: the peer director's MACs for instances that name none
 */
public record VrrpDefaults(InetAddress multicastGroup4, InetAddress multicastGroup6, GarpSettings garp, int version,
                           boolean lowerPriorityNoAdvert, boolean higherPrioritySendAdvert, int downTimerAdverts,
                           boolean checkUnicastSource, boolean skipCheckAdvertAddresses, long garpExtraIfNanos,
                           boolean garpExtraIfAll, boolean notifyPriorityChanges, long startupDelayNanos,
                           String defaultInterface, boolean dynamicInterfaces, boolean allowInterfaceChanges,
                           boolean logUnknownVrids, String vmacPrefix, String vmacAddressPrefix,
                           List<MacAddress> peerMacs) {

    public static final VrrpDefaults KEEPALIVED = new VrrpDefaults(null, null, GarpSettings.KEEPALIVED_DEFAULTS, 2,
            false, false, 3, false, false, 0, false, false, 0, null, false, false, false, null, null, List.of());

    /** keepalived's components; no peer MAC. */
    public VrrpDefaults(InetAddress multicastGroup4, InetAddress multicastGroup6, GarpSettings garp, int version,
                        boolean lowerPriorityNoAdvert, boolean higherPrioritySendAdvert, int downTimerAdverts,
                        boolean checkUnicastSource, boolean skipCheckAdvertAddresses, long garpExtraIfNanos,
                        boolean garpExtraIfAll, boolean notifyPriorityChanges, long startupDelayNanos,
                        String defaultInterface, boolean dynamicInterfaces, boolean allowInterfaceChanges,
                        boolean logUnknownVrids, String vmacPrefix, String vmacAddressPrefix) {
        this(multicastGroup4, multicastGroup6, garp, version, lowerPriorityNoAdvert, higherPrioritySendAdvert,
                downTimerAdverts, checkUnicastSource, skipCheckAdvertAddresses, garpExtraIfNanos, garpExtraIfAll,
                notifyPriorityChanges, startupDelayNanos, defaultInterface, dynamicInterfaces, allowInterfaceChanges,
                logUnknownVrids, vmacPrefix, vmacAddressPrefix, List.of());
    }

    public VrrpDefaults {
        Objects.requireNonNull(garp, "garp");
        peerMacs = peerMacs == null ? List.of() : List.copyOf(peerMacs);
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("vrrp_version " + version + " (2 or 3)");
        }
    }
}
