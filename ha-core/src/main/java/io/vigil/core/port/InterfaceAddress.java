package io.vigil.core.port;

import io.vigil.core.net.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address on an interface, as added or reported over rtnetlink.
 *
 * @param ifindex       the interface
 * @param prefix        address and prefix length
 * @param scope         RT_SCOPE_* number (0 global, 253 link, 254 host)
 * @param label         IFA_LABEL (IPv4), or {@code null}
 * @param broadcast     IFA_BROADCAST (IPv4), or {@code null}
 * @param noDad         IFA_F_NODAD (IPv6)
 * @param noPrefixRoute IFA_F_NOPREFIXROUTE
 */
public record InterfaceAddress(int ifindex, IpPrefix prefix, int scope, String label, InetAddress broadcast,
                               boolean noDad, boolean noPrefixRoute) {

    public InterfaceAddress {
        Objects.requireNonNull(prefix, "prefix");
    }

    public static InterfaceAddress simple(int ifindex, IpPrefix prefix) {
        return new InterfaceAddress(ifindex, prefix, 0, null, null, false, false);
    }

    public InetAddress address() {
        return prefix.address();
    }
}
