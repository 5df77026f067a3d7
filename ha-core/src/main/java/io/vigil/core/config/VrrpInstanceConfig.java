package io.vigil.core.config;

import io.vigil.core.net.AddressFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@code vrrp_instance}, with every default resolved (global defaults applied), so the runtime reads effective
 * values only. Durations are in nanoseconds.
 *
 * @param name                 the instance name
 * @param interfaceName        {@code interface}: where adverts are sent and received
 * @param vrid                 {@code virtual_router_id}, 1-255
 * @param priority             base {@code priority}, 1-255 (255: address owner)
 * @param initialState         {@code state}, or {@code null} when not given (derived from the priority)
 * @param version              VRRP version, 2 or 3
 * @param family               the family of the VIPs and adverts
 * @param advertIntervalNanos  {@code advert_int}
 * @param preempt              false with {@code nopreempt}
 * @param preemptDelayNanos    {@code preempt_delay}
 * @param acceptMode           {@code accept} (true) or {@code no_accept}
 * @param virtualAddresses     {@code virtual_ipaddress}: carried in adverts and added on MASTER
 * @param excludedAddresses    {@code virtual_ipaddress_excluded}: added on MASTER, not carried in adverts
 * @param sourceAddress        {@code mcast_src_ip}/{@code unicast_src_ip}, or {@code null} for the primary address
 * @param unicastPeers         {@code unicast_peer}: adverts go to each; empty means multicast
 * @param multicastGroup       {@code mcast_dst_ip}-style override, or {@code null} for 224.0.0.18 / ff02::12
 * @param authentication       v2 {@code authentication}, or {@code null}
 * @param trackInterfaces      {@code track_interface}
 * @param trackScripts         {@code track_script} entries (name and weight), resolved against {@code vrrp_script}
 * @param garp                 gratuitous ARP timing
 * @param notifyScripts             notify hooks
 * @param vmac                 {@code use_vmac} settings, or {@code null}
 * @param checksumMessageOnly  v3 over IPv4: RFC 9568 message-only checksum ({@code v3_checksum_as_v2}) instead of
 *                             the pseudo-header form keepalived and FRR use by default
 * @param lowerPriorityNoAdvert {@code lower_prio_no_advert}: a master does not answer a lower-priority advert
 * @param higherPrioritySendAdvert {@code higher_prio_send_advert}
 * @param downTimerAdverts     {@code down_timer_adverts}: adverts missed before MASTER is declared down (default 3)
 * @param dontTrackPrimary     {@code dont_track_primary}: ignore the state of {@code interface} itself
 * @param location             where the instance was defined
 * @param strictMode           {@code strict_mode} (or global {@code vrrp_strict}); its effects are already applied
 *                             to the other components
 * @param trackFiles           {@code track_file} entries, resolved against {@code track_file} blocks
 * @param trackProcesses       {@code track_process} entries, resolved against {@code vrrp_track_process}
 * @param trackBfds            {@code track_bfd} entries, resolved against {@code bfd_instance}
 * @param virtualRoutes        {@code virtual_routes}: added on MASTER
 * @param virtualRules         {@code virtual_rules}: added on MASTER
 * @param unicast              unicast options beyond the peer list
 * @param options              the less common options
 */
public record VrrpInstanceConfig(
        String name,
        String interfaceName,
        int vrid,
        int priority,
        InitialState initialState,
        int version,
        AddressFamily family,
        long advertIntervalNanos,
        boolean preempt,
        long preemptDelayNanos,
        boolean acceptMode,
        List<VirtualAddress> virtualAddresses,
        List<VirtualAddress> excludedAddresses,
        InetAddress sourceAddress,
        List<InetAddress> unicastPeers,
        InetAddress multicastGroup,
        Authentication authentication,
        List<TrackedInterface> trackInterfaces,
        List<TrackedScript> trackScripts,
        GarpSettings garp,
        NotifyScripts notifyScripts,
        VmacSettings vmac,
        boolean checksumMessageOnly,
        boolean lowerPriorityNoAdvert,
        boolean higherPrioritySendAdvert,
        int downTimerAdverts,
        boolean dontTrackPrimary,
        SourceLocation location,
        boolean strictMode,
        List<TrackedObject> trackFiles,
        List<TrackedObject> trackProcesses,
        List<TrackedObject> trackBfds,
        List<RouteConfig> virtualRoutes,
        List<RuleConfig> virtualRules,
        UnicastSettings unicast,
        InstanceOptions options) {

    /** The {@code state} keyword. */
    public enum InitialState { MASTER, BACKUP }

    public static final long DEFAULT_ADVERT_INTERVAL_NANOS = 1_000_000_000L;

    public VrrpInstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(garp, "garp");
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(unicast, "unicast");
        Objects.requireNonNull(options, "options");
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("virtual_router_id " + vrid + " outside [1, 255]");
        }
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + " outside [1, 255]");
        }
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("VRRP version " + version + " (2 or 3)");
        }
        if (advertIntervalNanos <= 0) {
            throw new IllegalArgumentException("advert_int must be positive");
        }
        if (downTimerAdverts < 1 || downTimerAdverts > 100) {
            throw new IllegalArgumentException("down_timer_adverts " + downTimerAdverts + " outside [1, 100]");
        }
        virtualAddresses = List.copyOf(virtualAddresses);
        excludedAddresses = List.copyOf(excludedAddresses);
        unicastPeers = List.copyOf(unicastPeers);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackScripts = List.copyOf(trackScripts);
        trackFiles = List.copyOf(trackFiles);
        trackProcesses = List.copyOf(trackProcesses);
        trackBfds = List.copyOf(trackBfds);
        virtualRoutes = List.copyOf(virtualRoutes);
        virtualRules = List.copyOf(virtualRules);
    }

    /** The original 28 components; the newer ones at keepalived's defaults. */
    public VrrpInstanceConfig(String name, String interfaceName, int vrid, int priority, InitialState initialState,
                              int version, AddressFamily family, long advertIntervalNanos, boolean preempt,
                              long preemptDelayNanos, boolean acceptMode, List<VirtualAddress> virtualAddresses,
                              List<VirtualAddress> excludedAddresses, InetAddress sourceAddress,
                              List<InetAddress> unicastPeers, InetAddress multicastGroup,
                              Authentication authentication, List<TrackedInterface> trackInterfaces,
                              List<TrackedScript> trackScripts, GarpSettings garp, NotifyScripts notifyScripts,
                              VmacSettings vmac, boolean checksumMessageOnly, boolean lowerPriorityNoAdvert,
                              boolean higherPrioritySendAdvert, int downTimerAdverts, boolean dontTrackPrimary,
                              SourceLocation location) {
        this(name, interfaceName, vrid, priority, initialState, version, family, advertIntervalNanos, preempt,
                preemptDelayNanos, acceptMode, virtualAddresses, excludedAddresses, sourceAddress, unicastPeers,
                multicastGroup, authentication, trackInterfaces, trackScripts, garp, notifyScripts, vmac,
                checksumMessageOnly, lowerPriorityNoAdvert, higherPrioritySendAdvert, downTimerAdverts,
                dontTrackPrimary, location, false, List.of(), List.of(), List.of(), List.of(), List.of(),
                UnicastSettings.DEFAULTS, InstanceOptions.DEFAULTS);
    }

    public boolean isUnicast() {
        return !unicastPeers.isEmpty();
    }

    /** True for the address owner (priority 255). */
    public boolean isOwner() {
        return priority == 255;
    }

    public static Builder builder(String name, String interfaceName, int vrid) {
        return new Builder(name, interfaceName, vrid);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, interfaceName, vrid);
        b.priority = priority;
        b.initialState = initialState;
        b.version = version;
        b.family = family;
        b.advertIntervalNanos = advertIntervalNanos;
        b.preempt = preempt;
        b.preemptDelayNanos = preemptDelayNanos;
        b.acceptMode = acceptMode;
        b.virtualAddresses.addAll(virtualAddresses);
        b.excludedAddresses.addAll(excludedAddresses);
        b.sourceAddress = sourceAddress;
        b.unicastPeers.addAll(unicastPeers);
        b.multicastGroup = multicastGroup;
        b.authentication = authentication;
        b.trackInterfaces.addAll(trackInterfaces);
        b.trackScripts.addAll(trackScripts);
        b.garp = garp;
        b.notify = notifyScripts;
        b.vmac = vmac;
        b.checksumMessageOnly = checksumMessageOnly;
        b.lowerPriorityNoAdvert = lowerPriorityNoAdvert;
        b.higherPrioritySendAdvert = higherPrioritySendAdvert;
        b.downTimerAdverts = downTimerAdverts;
        b.dontTrackPrimary = dontTrackPrimary;
        b.location = location;
        b.strictMode = strictMode;
        b.trackFiles.addAll(trackFiles);
        b.trackProcesses.addAll(trackProcesses);
        b.trackBfds.addAll(trackBfds);
        b.virtualRoutes.addAll(virtualRoutes);
        b.virtualRules.addAll(virtualRules);
        b.unicast = unicast;
        b.options = options;
        return b;
    }

    /** Builds an instance with keepalived's defaults for whatever is not set. */
    public static final class Builder {
        private final String name;
        private final String interfaceName;
        private final int vrid;
        private int priority = 100;
        private InitialState initialState;
        private int version = 2;
        private AddressFamily family = AddressFamily.INET;
        private long advertIntervalNanos = DEFAULT_ADVERT_INTERVAL_NANOS;
        private boolean preempt = true;
        private long preemptDelayNanos;
        private boolean acceptMode = true;
        private final List<VirtualAddress> virtualAddresses = new ArrayList<>();
        private final List<VirtualAddress> excludedAddresses = new ArrayList<>();
        private InetAddress sourceAddress;
        private final List<InetAddress> unicastPeers = new ArrayList<>();
        private InetAddress multicastGroup;
        private Authentication authentication;
        private final List<TrackedInterface> trackInterfaces = new ArrayList<>();
        private final List<TrackedScript> trackScripts = new ArrayList<>();
        private GarpSettings garp = GarpSettings.KEEPALIVED_DEFAULTS;
        private NotifyScripts notify = NotifyScripts.NONE;
        private VmacSettings vmac;
        private boolean checksumMessageOnly;
        private boolean lowerPriorityNoAdvert;
        private boolean higherPrioritySendAdvert;
        private int downTimerAdverts = 3;
        private boolean dontTrackPrimary;
        private SourceLocation location = SourceLocation.NONE;
        private boolean strictMode;
        private final List<TrackedObject> trackFiles = new ArrayList<>();
        private final List<TrackedObject> trackProcesses = new ArrayList<>();
        private final List<TrackedObject> trackBfds = new ArrayList<>();
        private final List<RouteConfig> virtualRoutes = new ArrayList<>();
        private final List<RuleConfig> virtualRules = new ArrayList<>();
        private UnicastSettings unicast = UnicastSettings.DEFAULTS;
        private InstanceOptions options = InstanceOptions.DEFAULTS;

        private Builder(String name, String interfaceName, int vrid) {
            this.name = name;
            this.interfaceName = interfaceName;
            this.vrid = vrid;
        }

        public Builder priority(int v) { this.priority = v; return this; }
        public Builder initialState(InitialState v) { this.initialState = v; return this; }
        public Builder version(int v) { this.version = v; return this; }
        public Builder family(AddressFamily v) { this.family = v; return this; }
        public Builder advertIntervalNanos(long v) { this.advertIntervalNanos = v; return this; }
        public Builder preempt(boolean v) { this.preempt = v; return this; }
        public Builder preemptDelayNanos(long v) { this.preemptDelayNanos = v; return this; }
        public Builder acceptMode(boolean v) { this.acceptMode = v; return this; }
        public Builder addVirtualAddress(VirtualAddress v) { this.virtualAddresses.add(v); return this; }
        public Builder addExcludedAddress(VirtualAddress v) { this.excludedAddresses.add(v); return this; }
        public Builder sourceAddress(InetAddress v) { this.sourceAddress = v; return this; }
        public Builder addUnicastPeer(InetAddress v) { this.unicastPeers.add(v); return this; }
        public Builder multicastGroup(InetAddress v) { this.multicastGroup = v; return this; }
        public Builder authentication(Authentication v) { this.authentication = v; return this; }
        public Builder addTrackInterface(TrackedInterface v) { this.trackInterfaces.add(v); return this; }
        public Builder addTrackScript(TrackedScript v) { this.trackScripts.add(v); return this; }
        public Builder garp(GarpSettings v) { this.garp = v; return this; }
        public Builder notify(NotifyScripts v) { this.notify = v; return this; }
        public Builder vmac(VmacSettings v) { this.vmac = v; return this; }
        public Builder checksumMessageOnly(boolean v) { this.checksumMessageOnly = v; return this; }
        public Builder lowerPriorityNoAdvert(boolean v) { this.lowerPriorityNoAdvert = v; return this; }
        public Builder higherPrioritySendAdvert(boolean v) { this.higherPrioritySendAdvert = v; return this; }
        public Builder downTimerAdverts(int v) { this.downTimerAdverts = v; return this; }
        public Builder dontTrackPrimary(boolean v) { this.dontTrackPrimary = v; return this; }
        public Builder location(SourceLocation v) { this.location = v; return this; }
        public Builder strictMode(boolean v) { this.strictMode = v; return this; }
        public Builder addTrackFile(TrackedObject v) { this.trackFiles.add(v); return this; }
        public Builder addTrackProcess(TrackedObject v) { this.trackProcesses.add(v); return this; }
        public Builder addTrackBfd(TrackedObject v) { this.trackBfds.add(v); return this; }
        public Builder addVirtualRoute(RouteConfig v) { this.virtualRoutes.add(v); return this; }
        public Builder addVirtualRule(RuleConfig v) { this.virtualRules.add(v); return this; }
        public Builder unicast(UnicastSettings v) { this.unicast = v; return this; }
        public Builder options(InstanceOptions v) { this.options = v; return this; }

        public VrrpInstanceConfig build() {
            return new VrrpInstanceConfig(name, interfaceName, vrid, priority, initialState, version, family,
                    advertIntervalNanos, preempt, preemptDelayNanos, acceptMode, virtualAddresses, excludedAddresses,
                    sourceAddress, unicastPeers, multicastGroup, authentication, trackInterfaces, trackScripts, garp,
                    notify, vmac, checksumMessageOnly, lowerPriorityNoAdvert, higherPrioritySendAdvert,
                    downTimerAdverts, dontTrackPrimary, location, strictMode, trackFiles, trackProcesses, trackBfds,
                    virtualRoutes, virtualRules, unicast, options);
        }
    }
}
