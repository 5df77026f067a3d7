package io.vigil.core.engine;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.ServiceKey;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An operator's drain of a real server ({@code vigil drain RS [--virtual-server VS]}): weight 0 in the datapath, so it
 * takes no new connections while its established ones finish; kept until {@code vigil undrain}.
 *
 * @param address       the real server
 * @param port          its port, or {@code null} for every port
 * @param virtualServer the virtual server's id ({@link DirectorEngine#idOf}), or {@code null} for every one
 * @param since         when it was asked for
 */
public record Drain(InetAddress address, Integer port, String virtualServer, Instant since) {

    public Drain {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(since, "since");
    }

    /** True when this drain covers the real server at {@code address}:{@code port} of the virtual server {@code id}. */
    public boolean covers(String id, InetAddress a, int p) {
        return coversServer(a, p) && (virtualServer == null || virtualServer.equals(id));
    }

    /**
     * True when this drain covers the real server at {@code address}:{@code port} in the datapath service
     * {@code service}; {@code servicesOf} gives each virtual server's services by id.
     */
    public boolean covers(ServiceKey service, InetAddress a, int p, Map<String, Set<ServiceKey>> servicesOf) {
        return coversServer(a, p)
                && (virtualServer == null || servicesOf.getOrDefault(virtualServer, Set.of()).contains(service));
    }

    private boolean coversServer(InetAddress a, int p) {
        return address.equals(a) && (port == null || port == p);
    }

    /** {@code 198.51.100.10:80 in [192.0.2.1]:tcp:80}, {@code 198.51.100.10 (every virtual server)}. */
    public String describe() {
        String rs = port == null ? InetAddresses.toText(address) : ServiceKey.endpoint(address, port);
        return rs + (virtualServer == null ? " (every virtual server)" : " in " + virtualServer);
    }
}
