package io.vigil.core.config;

import io.vigil.core.net.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One line of {@code virtual_ipaddress}, {@code virtual_ipaddress_excluded} or {@code static_ipaddress}:
 * {@code ADDR[/LEN] [brd ADDR] [dev IF] [use_vmac] [scope SCOPE] [label LABEL] [peer ADDR] [home] [-nodad]
 * [mngtmpaddr] [noprefixroute] [autojoin] [no_track] [preferred_lft N|forever] [track_group GROUP]}.
 *
 * @param prefix        the address and prefix length (a host prefix when none was given, as keepalived does)
 * @param device        interface to add it to, or {@code null} for the instance's interface
 * @param scope         address scope (keepalived's default: global)
 * @param label         IPv4 address label, or {@code null}
 * @param broadcast     IPv4 broadcast address, or {@code null}
 * @param noDad         IPv6: skip duplicate address detection
 * @param noPrefixRoute do not add the prefix route
 * @param peer          {@code peer}: the other end of a point-to-point address, or {@code null}
 * @param home          IPv6 {@code home} flag
 * @param mngTmpAddr    IPv6 {@code mngtmpaddr} flag
 * @param autoJoin      {@code autojoin} (multicast address)
 * @param noTrack       {@code no_track}: losing the address does not move the instance out of MASTER
 * @param useVmac       {@code use_vmac}: put the address on a VMAC of its {@code dev}
 * @param preferredLifetimeSeconds IPv6 {@code preferred_lft}: seconds, -1 for {@code forever}, {@code null} for
 *                      keepalived's default (0 for /128, forever otherwise)
 * @param trackGroup    {@code track_group} (static addresses), or {@code null}
 */
public record VirtualAddress(IpPrefix prefix, String device, AddressScope scope, String label, InetAddress broadcast,
                             boolean noDad, boolean noPrefixRoute, SourceLocation location, InetAddress peer,
                             boolean home, boolean mngTmpAddr, boolean autoJoin, boolean noTrack, boolean useVmac,
                             Long preferredLifetimeSeconds, String trackGroup) {

    public VirtualAddress {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(location, "location");
    }

    /** The original eight components; the newer options off. */
    public VirtualAddress(IpPrefix prefix, String device, AddressScope scope, String label, InetAddress broadcast,
                          boolean noDad, boolean noPrefixRoute, SourceLocation location) {
        this(prefix, device, scope, label, broadcast, noDad, noPrefixRoute, location, null, false, false, false,
                false, false, null, null);
    }

    public static VirtualAddress of(String prefix) {
        return new VirtualAddress(IpPrefix.parse(prefix), null, AddressScope.GLOBAL, null, null, false, false,
                SourceLocation.NONE);
    }

    public InetAddress address() {
        return prefix.address();
    }

    /** Address scopes as rtnetlink numbers them (RT_SCOPE_*). */
    public enum AddressScope {
        GLOBAL(0), SITE(200), LINK(253), HOST(254), NOWHERE(255);

        private final int rtScope;

        AddressScope(int rtScope) {
            this.rtScope = rtScope;
        }

        public int rtScope() {
            return rtScope;
        }

        /** keepalived's names (global, site, link, host, nowhere) or a number. */
        public static AddressScope parse(String text) {
            for (AddressScope s : values()) {
                if (s.name().equalsIgnoreCase(text) || Integer.toString(s.rtScope).equals(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown scope '" + text + "' (global, site, link, host, nowhere)");
        }
    }
}
