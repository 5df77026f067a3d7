package io.vigil.core.port;

import io.vigil.core.net.AddressFamily;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A real server of a virtual service as the forwarding plane should hold it ({@code real_server IP PORT} in
 * keepalived). Weight 0 keeps the server in the table without new connections ({@code inhibit_on_failure}); taking
 * the server out of the service's list removes it, and its established connections with it.
 *
 * @param address        the real server ({@code real_server IP}); may differ in family from the service only with TUN
 * @param port           its port (0..65535; {@code real_server IP PORT}); ignored by the kernel for DR and TUN
 * @param forwarding     {@code lb_kind} (per real server in keepalived 2.x: {@code lvs_method})
 * @param weight         {@code weight}, 0..65535 (0: inhibited)
 * @param upperThreshold {@code uthreshold}: maximum connections, 0 for none
 * @param lowerThreshold {@code lthreshold}: connections under which an overloaded server takes new ones again
 * @param tunnel         the tunnel options ({@code tun_type}, {@code tun_port}, {@code tun_nocsum|tun_csum|tun_remcsum});
 *                       {@code null} unless {@code forwarding} is TUN (then {@link Tunnel#IPIP} when not given)
 */
public record RealServer(InetAddress address, int port, Forwarding forwarding, int weight, int upperThreshold,
                         int lowerThreshold, Tunnel tunnel) {

    /** How packets reach the real server (the LVS forwarding methods). */
    public enum Forwarding {
        /** {@code lb_kind NAT}: destination rewritten (masquerading); replies must come back through the director. */
        NAT,
        /** {@code lb_kind DR}: direct routing, destination MAC rewritten; the real server holds the VIP on lo. */
        DR,
        /** {@code lb_kind TUN}: encapsulated (ipip, or gue / gre with keepalived's tun_type). */
        TUN,
        /** Read back only: the kernel delivers to a local process (ipvsadm's "Local"). */
        LOCAL,
        /** Read back only: the kernel bypasses the service (ipvsadm's "Bypass"). */
        BYPASS
    }

    /** TUN encapsulation ({@code tun_type ipip|gue|gre}) and its UDP port and checksum mode. */
    public record Tunnel(Type type, int port, Checksum checksum) {

        public static final Tunnel IPIP = new Tunnel(Type.IPIP, 0, Checksum.NONE);

        public enum Type { IPIP, GUE, GRE }

        /** {@code tun_nocsum}, {@code tun_csum}, {@code tun_remcsum}. */
        public enum Checksum { NONE, CSUM, REMCSUM }

        public Tunnel {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(checksum, "checksum");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("tunnel port out of range: " + port);
            }
            if (type == Type.GUE && port == 0) {
                throw new IllegalArgumentException("a GUE tunnel needs tun_port");
            }
            if (type == Type.IPIP && (port != 0 || checksum != Checksum.NONE)) {
                throw new IllegalArgumentException("an ipip tunnel has no port or checksum option");
            }
        }
    }

    public RealServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (weight < 0 || weight > 65535) {
            throw new IllegalArgumentException("weight out of range (0..65535): " + weight);
        }
        if (upperThreshold < 0 || lowerThreshold < 0) {
            throw new IllegalArgumentException("thresholds cannot be negative");
        }
        if (upperThreshold > 0 && lowerThreshold > upperThreshold) {
            throw new IllegalArgumentException("lower threshold " + lowerThreshold + " above upper threshold "
                    + upperThreshold);
        }
        if (forwarding == Forwarding.TUN) {
            tunnel = tunnel == null ? Tunnel.IPIP : tunnel;
        } else if (tunnel != null) {
            throw new IllegalArgumentException("tunnel options need TUN forwarding, not " + forwarding);
        }
    }

    /** A real server without thresholds. */
    public static RealServer of(InetAddress address, int port, Forwarding forwarding, int weight) {
        return new RealServer(address, port, forwarding, weight, 0, 0, null);
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    /** The same server with another weight. */
    public RealServer withWeight(int newWeight) {
        return new RealServer(address, port, forwarding, newWeight, upperThreshold, lowerThreshold, tunnel);
    }

    /** True when {@code other} is the same server (address and port), whatever its settings. */
    public boolean sameServer(RealServer other) {
        return address.equals(other.address) && port == other.port;
    }

    @Override
    public String toString() {
        return ServiceKey.endpoint(address, port) + " " + forwarding + " w" + weight;
    }
}
