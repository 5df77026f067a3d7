package io.vigil.healthcheck.model;

import java.util.Locale;
import java.util.Objects;

/**
 * {@code DNS_CHECK}: one query over UDP (recursion desired); up when a response with the query's id and RCODE 0
 * (NOERROR) arrives, as keepalived judges it.
 *
 * @param type {@code type} (default SOA)
 * @param name {@code name} (default ".")
 */
public record DnsCheck(ConnectOptions connect, CheckTiming timing, Type type, String name) implements CheckerConfig {

    /** The query types keepalived accepts, with their wire values. */
    public enum Type {
        A(1), NS(2), CNAME(5), SOA(6), MX(15), TXT(16), AAAA(28);

        public final int code;

        Type(int code) {
            this.code = code;
        }

        public static Type parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown DNS_CHECK type '" + s + "' (A NS CNAME SOA MX TXT AAAA)",
                        e);
            }
        }
    }

    public DnsCheck {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        io.vigil.healthcheck.codec.DnsMessage.encodeName(name); // validates labels
    }

    public static DnsCheck defaults() {
        return new DnsCheck(ConnectOptions.DEFAULT, CheckTiming.defaults(CheckerKind.DNS_CHECK), Type.SOA, ".");
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.DNS_CHECK;
    }
}
