package io.vigil.core.config;

import io.vigil.core.net.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One line of {@code static_routes} or {@code virtual_routes}, in {@code ip route add} syntax.
 *
 * @param type        route type: unicast (the default), blackhole, unreachable, prohibit, throw, local,
 *                    broadcast, anycast, multicast, nat
 * @param destination the destination prefix ({@code default} is 0.0.0.0/0 or ::/0)
 * @param source      {@code src}: preferred source address, or {@code null}
 * @param via         {@code via} (or the deprecated {@code gw}) gateway, or {@code null}
 * @param device      {@code dev}, or {@code null}
 * @param nexthops    {@code nexthop ...} entries of a multipath route (and the deprecated {@code or} gateways)
 * @param table       {@code table} id or name, or {@code null} for main
 * @param metric      {@code metric}/{@code priority}/{@code preference}, or {@code null}
 * @param options     the remaining options as written ({@code mtu 1400}, {@code onlink}...), in order
 * @param noTrack     {@code no_track}: the instance does not go to FAULT when the route is deleted
 * @param trackGroup  {@code track_group} (static routes only), or {@code null}
 */
public record RouteConfig(String type, IpPrefix destination, InetAddress source, InetAddress via, String device,
                          List<Nexthop> nexthops, String table, Long metric, String protocol, String scope,
                          List<String> options, boolean noTrack, String trackGroup, SourceLocation location) {

    /** One {@code nexthop via ADDR [dev IF] [weight N] [onlink]}. */
    public record Nexthop(InetAddress via, String device, Integer weight, boolean onlink) {
    }

    public RouteConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(location, "location");
        nexthops = List.copyOf(nexthops);
        options = List.copyOf(options);
    }
}
