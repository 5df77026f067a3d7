package io.vigil.core.config.lvs;

import java.util.Objects;

/**
 * An IPVS forwarding method ({@code lb_kind} / {@code lvs_method}): {@code NAT}, {@code DR}, or
 * {@code TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]}.
 *
 * @param tunnelPort the GUE port, 0 otherwise
 */
public record Forwarding(Method method, TunnelType tunnelType, int tunnelPort, TunnelChecksum checksum) {

    public enum Method { NAT, DR, TUN }

    public enum TunnelType { IPIP, GUE, GRE }

    public enum TunnelChecksum { NOCSUM, CSUM, REMCSUM }

    /** keepalived's default when nothing is said. */
    public static final Forwarding NAT = new Forwarding(Method.NAT, TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);

    public Forwarding {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(tunnelType, "tunnelType");
        Objects.requireNonNull(checksum, "checksum");
    }

    public static Forwarding of(Method method) {
        return new Forwarding(method, TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);
    }
}
