package io.vigil.vrrp.packet;

import io.vigil.core.config.Authentication;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The VRRPv2 authentication an instance sends and expects: none (type 0, RFC 3768) or the RFC 2338 simple text
 * password that keepalived still offers as {@code auth_type PASS} (type 1, the password NUL-padded to 8 bytes).
 * IPsec AH (type 2) needs AH framing, which vigil does not do, so it cannot be built here.
 *
 * @param type 0 (none) or 1 (PASS)
 * @param data the 8 bytes carried in the Authentication Data field (all zero for type 0); copied both ways
 */
public record V2Auth(int type, byte[] data) {

    public static final int TYPE_NONE = 0;
    public static final int TYPE_PASS = 1;
    /** Auth type 2 (IPsec AH of RFC 2338): known, but not supported. */
    public static final int TYPE_AH = 2;

    /** No authentication: type 0, zero data. */
    public static final V2Auth NONE = new V2Auth(TYPE_NONE, new byte[VrrpProtocol.V2_AUTH_DATA_LENGTH]);

    public V2Auth {
        Objects.requireNonNull(data, "data");
        if (type != TYPE_NONE && type != TYPE_PASS) {
            throw new IllegalArgumentException("VRRPv2 auth type " + type + ": only 0 (none) and 1 (PASS) can be sent");
        }
        if (data.length != VrrpProtocol.V2_AUTH_DATA_LENGTH) {
            throw new IllegalArgumentException("auth data of " + data.length + " bytes, 8 expected");
        }
        data = data.clone();
        if (type == TYPE_NONE && !isZero(data)) {
            throw new IllegalArgumentException("auth type 0 carries zero auth data");
        }
    }

    /**
     * The PASS authentication: the UTF-8 password, NUL-padded, truncated to 8 bytes as keepalived does.
     *
     * @throws IllegalArgumentException for an empty password
     */
    public static V2Auth pass(String password) {
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        if (p.length == 0) {
            throw new IllegalArgumentException("empty PASS password");
        }
        return new V2Auth(TYPE_PASS, Arrays.copyOf(p, VrrpProtocol.V2_AUTH_DATA_LENGTH));
    }

    /**
     * From the config model: {@code null} is none, PASS is PASS.
     *
     * @throws IllegalArgumentException for {@code auth_type AH}, which vigil does not implement
     */
    public static V2Auth of(Authentication authentication) {
        if (authentication == null) {
            return NONE;
        }
        if (authentication.type() != Authentication.Type.PASS) {
            throw new IllegalArgumentException("auth_type " + authentication.type() + " is not supported");
        }
        return new V2Auth(TYPE_PASS, authentication.authData());
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** True when {@code received} (8 bytes) equals this instance's data. */
    public boolean dataEquals(byte[] received) {
        return Arrays.equals(data, received);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof V2Auth a && a.type == type && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return type == TYPE_NONE ? "V2Auth[none]" : "V2Auth[PASS]";
    }

    static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
