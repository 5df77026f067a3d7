package io.vigil.core.event;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * The health of one real server of one virtual server: what the datapath applies (up, weight, inhibit) and what
 * {@code vigil status} shows (why, since when). A real server shared by several virtual servers with the same
 * checkers is checked once; each of its virtual servers still gets its own event, with its own weight.
 *
 * @param virtualServer    the virtual server, as keepalived names it ({@code [192.0.2.1]:tcp:80}, {@code FWM 5})
 * @param address          the real server's address
 * @param port             its port (0 for a fwmark service without one)
 * @param up               whether it takes traffic
 * @param weight           the weight to give it (0 when down)
 * @param inhibitOnFailure when down: keep it in the pool with weight 0 instead of removing it
 * @param reason           why it is in this state: {@code OK}, {@code NOT_CHECKED}, {@code TIMEOUT},
 *                         {@code REFUSED}, {@code HTTP_STATUS}, {@code DIGEST_MISMATCH}...
 * @param detail           the failing checker and what it saw ("HTTP_GET: status 503 for /health")
 * @param since            when it last changed (up/down or weight)
 */
public record RealServerHealth(String virtualServer, InetAddress address, int port, boolean up, int weight,
                               boolean inhibitOnFailure, String reason, String detail, Instant since) {

    public RealServerHealth {
        Objects.requireNonNull(virtualServer, "virtualServer");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(since, "since");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /** {@code 192.0.2.10:80}, {@code [2001:db8::10]:80}. */
    public String endpoint() {
        String a = io.vigil.core.net.InetAddresses.toText(address);
        return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }
}
