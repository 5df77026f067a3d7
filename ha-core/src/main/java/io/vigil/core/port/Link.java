package io.vigil.core.port;

import io.vigil.core.net.MacAddress;
import java.util.Objects;

/**
 * A network interface as rtnetlink reports it.
 *
 * @param index     ifindex
 * @param name      interface name
 * @param mac       hardware address ({@link MacAddress#ZERO} when it has none, e.g. lo)
 * @param adminUp   IFF_UP
 * @param operUp    IFF_RUNNING / carrier (what {@code track_interface} follows)
 * @param mtu       MTU
 * @param kind      link kind ({@code veth}, {@code macvlan}, {@code bridge}...), or empty
 * @param parentIndex the link a macvlan/vlan sits on (IFLA_LINK), or 0
 */
public record Link(int index, String name, MacAddress mac, boolean adminUp, boolean operUp, int mtu, String kind,
                   int parentIndex) {

    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(kind, "kind");
    }

    /** What VRRP treats as "the interface is usable". */
    public boolean isUp() {
        return adminUp && operUp;
    }
}
