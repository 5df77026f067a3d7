package io.vigil.core.port;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What identifies a virtual service in the forwarding plane: protocol, address and port ({@code virtual_server IP
 * PORT} with {@code protocol TCP|UDP|SCTP} in keepalived), or a firewall mark ({@code virtual_server fwmark N}) with
 * its address family. Two services with the same key are the same service, whatever their settings.
 *
 * @param family   IPv4 or IPv6 (for a fwmark service: the family of the packets it takes)
 * @param protocol TCP, UDP, SCTP, or {@link Protocol#FWMARK}
 * @param address  the virtual address; {@code null} for a fwmark service
 * @param port     0..65535 (0: every port, persistent services only); 0 for a fwmark service
 * @param fwmark   the mark (non-zero) for a fwmark service; 0 otherwise
 */
public record ServiceKey(AddressFamily family, Protocol protocol, InetAddress address, int port, int fwmark) {

    /** The IP protocol of a service; {@link #FWMARK} when a firewall mark selects the packets instead. */
    public enum Protocol {
        TCP(6), UDP(17), SCTP(132), FWMARK(0);

        private final int number;

        Protocol(int number) {
            this.number = number;
        }

        /** The IP protocol number (IPPROTO_*); 0 for FWMARK. */
        public int number() {
            return number;
        }

        /** The protocol with that IPPROTO number, or {@code null}. */
        public static Protocol ofNumber(int number) {
            for (Protocol p : values()) {
                if (p != FWMARK && p.number == number) {
                    return p;
                }
            }
            return null;
        }
    }

    public ServiceKey {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(protocol, "protocol");
        if (protocol == Protocol.FWMARK) {
            if (address != null || port != 0) {
                throw new IllegalArgumentException("a fwmark service has no address or port");
            }
            if (fwmark == 0) {
                throw new IllegalArgumentException("a fwmark service needs a non-zero mark");
            }
        } else {
            Objects.requireNonNull(address, "address");
            if (AddressFamily.of(address) != family) {
                throw new IllegalArgumentException("address " + address.getHostAddress() + " is not " + family);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            if (fwmark != 0) {
                throw new IllegalArgumentException("a " + protocol + " service has no fwmark");
            }
        }
    }

    /** A TCP/UDP/SCTP service on an address and port. */
    public static ServiceKey of(Protocol protocol, InetAddress address, int port) {
        return new ServiceKey(AddressFamily.of(address), protocol, address, port, 0);
    }

    /** A service on a firewall mark. */
    public static ServiceKey fwmark(AddressFamily family, int mark) {
        return new ServiceKey(family, Protocol.FWMARK, null, 0, mark);
    }

    public boolean isFwmark() {
        return protocol == Protocol.FWMARK;
    }

    /** {@code TCP 192.0.2.1:80}, {@code UDP [2001:db8::1]:53}, {@code FWM 7}, {@code FWM 7 IPv6}. */
    @Override
    public String toString() {
        if (isFwmark()) {
            return "FWM " + Integer.toUnsignedString(fwmark) + (family == AddressFamily.INET6 ? " IPv6" : "");
        }
        return protocol + " " + endpoint(address, port);
    }

    /** {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}. */
    public static String endpoint(InetAddress address, int port) {
        String host = InetAddresses.toText(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
