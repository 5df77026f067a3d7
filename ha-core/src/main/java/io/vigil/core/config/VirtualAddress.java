package io.vigil.core.config;

import io.vigil.core.net.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One line of {@code virtual_ipaddress}: {@code ADDR[/LEN] [brd ADDR] [dev IF] [scope SCOPE] [label LABEL] [-nodad]
 * [noprefixroute]}.
 *
 * @param prefix        the address and prefix length (a host prefix when none was given, as keepalived does)
 * @param device        interface to add it to, or {@code null} for the instance's interface
 * @param scope         address scope (keepalived's default: global)
 * @param label         IPv4 address label, or {@code null}
 * @param broadcast     IPv4 broadcast address, or {@code null}
 * @param noDad         IPv6: skip duplicate address detection
 * @param noPrefixRoute do not add the prefix route
 */
public record VirtualAddress(IpPrefix prefix, String device, AddressScope scope, String label, InetAddress broadcast,
                             boolean noDad, boolean noPrefixRoute, SourceLocation location) {

    public VirtualAddress {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(location, "location");
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
