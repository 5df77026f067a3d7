package io.vigil.core.port;

import java.net.InetAddress;
import java.util.Objects;

/**
 * The connections the forwarding plane holds for one real server of one service: what drains wait on and what
 * tells a backup director that the connection-sync daemon has caught up.
 *
 * @param service    the service
 * @param address    the real server
 * @param port       its port
 * @param active     established connections (IPVS's ActiveConn; conntrack's ESTABLISHED)
 * @param inactive   other connections (IPVS's InActConn: closing, and every UDP flow)
 * @param persistent persistence templates (IPVS's PersistConn)
 */
public record ConnectionCount(ServiceKey service, InetAddress address, int port, long active, long inactive,
                              long persistent) {

    public ConnectionCount {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(address, "address");
        if (active < 0 || inactive < 0 || persistent < 0) {
            throw new IllegalArgumentException("negative connection count");
        }
    }

    /** Every entry of the connection table for this server. */
    public long total() {
        return active + inactive + persistent;
    }

    /**
     * The connections a drain waits for: established ones for TCP and SCTP (closing ones end by themselves), every
     * flow for UDP (IPVS counts no UDP flow as active).
     */
    public long draining() {
        return service.protocol() == ServiceKey.Protocol.UDP ? active + inactive : active;
    }
}
