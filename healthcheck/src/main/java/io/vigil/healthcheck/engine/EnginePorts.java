package io.vigil.healthcheck.engine;

import io.vigil.core.port.NetworkNamespaces;
import io.vigil.core.port.PingSocket;
import io.vigil.core.port.ProcessControl;
import java.util.Objects;

/**
 * What the engine needs of the kernel that Java and Netty lack, as ha-core ports (the daemon passes ipvs-driver's
 * implementations): ping sockets for PING_CHECK, signals to process groups and the real ids for scripts, and
 * entering a network namespace for an engine whose probes run inside one.
 */
public record EnginePorts(PingSocket.Factory pings, ProcessControl processes, NetworkNamespaces namespaces) {

    public EnginePorts {
        Objects.requireNonNull(pings, "pings");
        Objects.requireNonNull(processes, "processes");
        Objects.requireNonNull(namespaces, "namespaces");
    }
}
