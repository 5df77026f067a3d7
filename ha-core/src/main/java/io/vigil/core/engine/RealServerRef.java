package io.vigil.core.engine;

import io.vigil.core.event.RealServerHealth;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One real server of one virtual server, as health events name it: the virtual server's
 * {@link io.vigil.core.config.lvs.VirtualServerConfig#displayName()}, the real server's address and port.
 */
public record RealServerRef(String virtualServer, InetAddress address, int port) {

    public RealServerRef {
        Objects.requireNonNull(virtualServer, "virtualServer");
        Objects.requireNonNull(address, "address");
    }

    public static RealServerRef of(RealServerHealth h) {
        return new RealServerRef(h.virtualServer(), h.address(), h.port());
    }
}
