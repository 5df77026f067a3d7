package io.vigil.vrrp.packet;

import io.vigil.core.net.AddressFamily;

/**
 * What a VRRP checksum covers (vrrp-standards.md §1.5). The implementations disagree for VRRPv3 over IPv4, so
 * vigil sends the form an instance is configured for and, on receive, reports which form a packet matched so
 * that operators can see who speaks what.
 */
public enum ChecksumForm {
    /** VRRPv2: the message alone, no pseudo-header (RFC 3768 §5.3.8). */
    V2("v2"),
    /**
     * VRRPv3 with the pseudo-header of the real source and destination: always for IPv6 (RFC 8200 §8.1 form);
     * for IPv4 the RFC 5798 reading that keepalived and FRR use by default (for unicast, the peer's address, as
     * keepalived has done since 1.3.7).
     */
    PSEUDO_HEADER("pseudo_header"),
    /** VRRPv3 over IPv4, the message alone: RFC 9568 §5.2.8, Cisco, Juniper, keepalived {@code v3_checksum_as_v2}. */
    MESSAGE_ONLY("message_only"),
    /**
     * VRRPv3 over IPv4 unicast as keepalived up to 1.3.6 sent it: a pseudo-header whose destination is 224.0.0.18
     * whatever the real destination (keepalived's {@code old_unicast_checksum}).
     */
    OLD_UNICAST("old_unicast");

    private final String label;

    ChecksumForm(String label) {
        this.label = label;
    }

    /** Stable lowercase label, for logs and metrics. */
    public String label() {
        return label;
    }

    /** True when the checksum depends on the source and destination addresses. */
    public boolean usesPseudoHeader() {
        return this == PSEUDO_HEADER || this == OLD_UNICAST;
    }

    /**
     * The form a message of this version and family is sent with, given the form configured for VRRPv3 over
     * IPv4 (the only case where there is a choice).
     *
     * @param v3Ipv4Form {@link #PSEUDO_HEADER}, {@link #MESSAGE_ONLY} or {@link #OLD_UNICAST}
     * @throws IllegalArgumentException for {@link #V2} as the configured v3 form
     */
    public static ChecksumForm effective(int version, AddressFamily family, ChecksumForm v3Ipv4Form) {
        if (v3Ipv4Form == V2) {
            throw new IllegalArgumentException("V2 is not a VRRPv3 checksum form");
        }
        if (version == 2) {
            return V2;
        }
        return family == AddressFamily.INET6 ? PSEUDO_HEADER : v3Ipv4Form;
    }
}
