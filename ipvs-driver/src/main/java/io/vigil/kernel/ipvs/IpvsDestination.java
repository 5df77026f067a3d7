package io.vigil.kernel.ipvs;

import io.vigil.core.port.RealServer;
import java.util.Objects;

/**
 * A destination as the kernel reports it: the real server's settings, its connection counts and statistics.
 *
 * @param server            address, port, forwarding method, weight, thresholds, tunnel options
 * @param activeConnections established connections (ipvsadm's ActiveConn)
 * @param inactiveConnections other connections (InActConn)
 * @param persistentConnections persistence templates (PersistConn)
 * @param stats             counters and rates
 */
public record IpvsDestination(RealServer server, int activeConnections, int inactiveConnections,
                              int persistentConnections, IpvsStats stats) {

    public IpvsDestination {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(stats, "stats");
    }
}
