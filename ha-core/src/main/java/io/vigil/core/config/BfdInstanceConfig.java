package io.vigil.core.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A {@code bfd_instance} (RFC 5880 session), tracked by instances ({@code track_bfd}) or real servers
 * ({@code BFD_CHECK}). Intervals in nanoseconds.
 *
 * @param vrrpOnly    {@code vrrp}: events go to VRRP only
 * @param checkerOnly {@code checker}: events go to the checkers only
 */
public record BfdInstanceConfig(String name, InetAddress neighbor, InetAddress source, long minRxNanos,
                                long minTxNanos, long idleTxNanos, int multiplier, boolean passive, int ttl,
                                int maxHops, int weight, boolean reverse, boolean vrrpOnly, boolean checkerOnly,
                                SourceLocation location) {

    public BfdInstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }
}
