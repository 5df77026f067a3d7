package io.vigil.core.config;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * VRRPv2 authentication (RFC 2338, kept by keepalived): {@code auth_type PASS} with up to 8 bytes of password.
 * {@code AH} is parsed but refused by vigil: it needs IPsec AH framing.
 */
public record Authentication(Type type, String password, SourceLocation location) {

    public enum Type { PASS, AH }

    public Authentication {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(location, "location");
    }

    /** The 8-byte authentication data: the password NUL-padded (keepalived truncates to 8 bytes). */
    public byte[] authData() {
        byte[] out = new byte[8];
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(p, 0, out, 0, Math.min(8, p.length));
        return out;
    }
}
