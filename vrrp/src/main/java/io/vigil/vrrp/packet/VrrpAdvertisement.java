package io.vigil.vrrp.packet;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP ADVERTISEMENT message, version 2 (RFC 3768 §5) or 3 (RFC 9568 §5.2), with every field as it is on the
 * wire. The compact constructor accepts exactly what may legally be sent (so the encoder can never produce an
 * illegal packet by accident); the decoder turns every illegal received value into a {@link RejectReason} before
 * it gets here. The two fields a receiver must ignore but that a byte-exact round trip needs are kept as
 * received: the v2 auth data of an auth-type-0 packet and the v3 Reserve nibble.
 *
 * @param version   2 or 3
 * @param type      always {@link VrrpProtocol#TYPE_ADVERTISEMENT}
 * @param vrid      1-255
 * @param priority  0-255 (0: the master is giving up; 255: the address owner)
 * @param addresses the virtual addresses, one family: IPv4 for v2; at least one for v3; at most 255. For IPv6
 *                  RFC 9568 §5.2.9 wants the virtual router's link-local address first; keepalived sends the
 *                  configured VIPs as they are, so that is checked by strict-mode config validation and by the
 *                  decoder's {@link DecodeOptions#requireLinkLocalFirst()}, not here
 * @param interval  as sent: v2 seconds (1-255), v3 centiseconds (1-4095, erratum 8301); see {@link #intervalNanos}
 * @param authType  v2 Auth Type: 0 (none), 1 (PASS) or 2 (AH, reserved); always 0 for v3
 * @param authData  v2 Authentication Data, 8 bytes (copied both ways); 8 zero bytes for v3
 * @param reserved  v3 Reserve nibble (0-15, MUST be 0 on send, ignored on receive); always 0 for v2
 */
public record VrrpAdvertisement(int version, int type, int vrid, int priority, List<InetAddress> addresses,
                                int interval, int authType, byte[] authData, int reserved) {

    /** The v2 interval field maximum (seconds). */
    public static final int V2_MAX_INTERVAL = 255;
    /** The v3 interval field maximum (centiseconds, 12 bits). */
    public static final int V3_MAX_INTERVAL = 4095;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_CENTISECOND = 10_000_000L;

    public VrrpAdvertisement {
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(authData, "authData");
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("VRRP version " + version + " (2 or 3)");
        }
        if (type != VrrpProtocol.TYPE_ADVERTISEMENT) {
            throw new IllegalArgumentException("VRRP type " + type + " (only 1, ADVERTISEMENT, exists)");
        }
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("VRID " + vrid + " outside [1, 255]");
        }
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + " outside [0, 255]");
        }
        addresses = List.copyOf(addresses);
        if (addresses.size() > VrrpProtocol.MAX_ADDRESSES) {
            throw new IllegalArgumentException(addresses.size() + " addresses, at most 255 fit in a message");
        }
        int maxInterval = version == 2 ? V2_MAX_INTERVAL : V3_MAX_INTERVAL;
        if (interval < 1 || interval > maxInterval) {
            throw new IllegalArgumentException("v" + version + " interval " + interval + " outside [1, " + maxInterval
                    + "] " + (version == 2 ? "seconds" : "centiseconds"));
        }
        if (authData.length != VrrpProtocol.V2_AUTH_DATA_LENGTH) {
            throw new IllegalArgumentException("auth data of " + authData.length + " bytes, 8 expected");
        }
        authData = authData.clone();
        if (version == 2) {
            for (InetAddress a : addresses) {
                if (!(a instanceof Inet4Address)) {
                    throw new IllegalArgumentException("VRRPv2 carries IPv4 addresses only, got " + a);
                }
            }
            if (authType < 0 || authType > V2Auth.TYPE_AH) {
                throw new IllegalArgumentException("VRRPv2 auth type " + authType + " (0, 1 or 2)");
            }
            if (reserved != 0) {
                throw new IllegalArgumentException("VRRPv2 has no Reserve field");
            }
        } else {
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("VRRPv3 needs at least one address (RFC 9568 §5.2.5)");
            }
            AddressFamily family = AddressFamily.of(addresses.get(0));
            for (InetAddress a : addresses) {
                if (AddressFamily.of(a) != family) {
                    throw new IllegalArgumentException("mixed address families in one advert: " + addresses);
                }
            }
            if (authType != 0 || !V2Auth.isZero(authData)) {
                throw new IllegalArgumentException("VRRPv3 has no authentication");
            }
            if (reserved < 0 || reserved > 15) {
                throw new IllegalArgumentException("Reserve nibble " + reserved + " outside [0, 15]");
            }
        }
    }

    /** A VRRPv2 advert with the given authentication (keepalived's default version for IPv4). */
    public static VrrpAdvertisement v2(int vrid, int priority, int intervalSeconds, List<InetAddress> addresses,
                                       V2Auth auth) {
        return new VrrpAdvertisement(2, VrrpProtocol.TYPE_ADVERTISEMENT, vrid, priority, addresses, intervalSeconds,
                auth.type(), auth.data(), 0);
    }

    /** A VRRPv3 advert, Reserve 0. */
    public static VrrpAdvertisement v3(int vrid, int priority, int intervalCentiseconds,
                                       List<InetAddress> addresses) {
        return new VrrpAdvertisement(3, VrrpProtocol.TYPE_ADVERTISEMENT, vrid, priority, addresses,
                intervalCentiseconds, 0, new byte[VrrpProtocol.V2_AUTH_DATA_LENGTH], 0);
    }

    /**
     * The interval field for a configured interval, rounded as keepalived does: v2 to the nearest second, v3 to
     * the nearest centisecond, clamped to the field's range.
     */
    public static int intervalFromNanos(int version, long nanos) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("VRRP version " + version + " (2 or 3)");
        }
        long unit = version == 2 ? NANOS_PER_SECOND : NANOS_PER_CENTISECOND;
        long max = version == 2 ? V2_MAX_INTERVAL : V3_MAX_INTERVAL;
        long rounded = nanos <= 0 ? 1 : (nanos / unit) + ((nanos % unit) * 2 >= unit ? 1 : 0);
        return (int) Math.max(1, Math.min(max, rounded));
    }

    /** IPv4 for v2; the family of the addresses for v3. */
    public AddressFamily family() {
        return version == 2 ? AddressFamily.INET : AddressFamily.of(addresses.get(0));
    }

    /** The advertised interval in nanoseconds (v2 seconds or v3 centiseconds converted). */
    public long intervalNanos() {
        return interval * (version == 2 ? NANOS_PER_SECOND : NANOS_PER_CENTISECOND);
    }

    /** The length of the encoded message, in bytes. */
    public int messageLength() {
        return VrrpProtocol.messageLength(version, family(), addresses.size());
    }

    /** The same advert at another priority. */
    public VrrpAdvertisement withPriority(int newPriority) {
        return new VrrpAdvertisement(version, type, vrid, newPriority, addresses, interval, authType, authData,
                reserved);
    }

    @Override
    public byte[] authData() {
        return authData.clone();
    }

    /** Writes the 8 auth data bytes without an intermediate copy. */
    void copyAuthData(byte[] out, int offset) {
        System.arraycopy(authData, 0, out, offset, authData.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpAdvertisement a && a.version == version && a.type == type && a.vrid == vrid
                && a.priority == priority && a.interval == interval && a.authType == authType
                && a.reserved == reserved && a.addresses.equals(addresses) && Arrays.equals(a.authData, authData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, type, vrid, priority, addresses, interval, authType, reserved)
                * 31 + Arrays.hashCode(authData);
    }

    /** Prints the fields, never the auth data (it may be a password). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("VrrpAdvertisement[v").append(version).append(" vrid=").append(vrid)
                .append(" prio=").append(priority).append(" interval=").append(interval)
                .append(version == 2 ? "s" : "cs").append(" addresses=[");
        for (int i = 0; i < addresses.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(InetAddresses.toText(addresses.get(i)));
        }
        sb.append(']');
        if (version == 2) {
            sb.append(" authType=").append(authType);
        } else if (reserved != 0) {
            sb.append(" reserved=").append(reserved);
        }
        return sb.append(']').toString();
    }
}
