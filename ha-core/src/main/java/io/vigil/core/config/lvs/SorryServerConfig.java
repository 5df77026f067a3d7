package io.vigil.core.config.lvs;

import io.vigil.core.config.SourceLocation;
import java.net.InetAddress;
import java.util.Objects;

/**
 * {@code sorry_server ADDR [PORT]}: put into the pool in place of the real servers while the quorum is lost.
 *
 * @param port    the port (the virtual server's when not given and not fwmark), 0 for none
 * @param inhibit {@code sorry_server_inhibit}
 */
public record SorryServerConfig(InetAddress address, int port, Forwarding forwarding, boolean inhibit,
                                SourceLocation location) {

    public SorryServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(location, "location");
    }
}
