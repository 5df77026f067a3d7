package io.vigil.core.port;

import java.util.concurrent.Callable;

/**
 * Runs code in a named network namespace ({@code /run/netns/NAME}, as {@code ip netns add} makes them): sockets
 * belong to the namespace of the thread that creates them, so a checker whose threads run inside a namespace
 * probes from it (keepalived's {@code net_namespace}).
 */
public interface NetworkNamespaces {

    /**
     * Runs {@code body} on the calling thread inside the namespace, then moves the thread back to its own.
     *
     * @throws KernelException when the namespace does not exist or cannot be entered (the body did not run)
     */
    <T> T call(String name, Callable<T> body) throws Exception;
}
