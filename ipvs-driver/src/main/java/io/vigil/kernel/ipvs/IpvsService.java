package io.vigil.kernel.ipvs;

import io.vigil.core.port.VirtualService;
import java.util.List;
import java.util.Objects;

/**
 * A virtual service as the kernel reports it: its settings and real servers ({@link #service()}), and what only
 * the kernel knows: raw flags, the persistence engine, statistics, per-destination counts.
 *
 * @param service      the service with the real servers of {@code destinations}
 * @param flags        IP_VS_SVC_F_* as reported (HASHED included)
 * @param peName       persistence engine ({@code sip}), or empty
 * @param stats        counters and rates
 * @param destinations the destinations in kernel order (empty when read without them)
 */
public record IpvsService(VirtualService service, int flags, String peName, IpvsStats stats,
                          List<IpvsDestination> destinations) {

    public IpvsService {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(peName, "peName");
        Objects.requireNonNull(stats, "stats");
        destinations = List.copyOf(destinations);
    }

    /** The same service with its destinations (as read by a GET_DEST dump). */
    public IpvsService withDestinations(List<IpvsDestination> dests) {
        return new IpvsService(service.withRealServers(dests.stream().map(IpvsDestination::server).toList()), flags,
                peName, stats, dests);
    }
}
