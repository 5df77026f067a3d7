package io.vigil.vrrp.packet;

import java.util.Objects;

/**
 * How strict the decoder is where the ecosystem differs (vrrp-standards.md §5.2, §5.4).
 *
 * @param requireTtl255            reject a TTL / hop limit other than 255; keepalived skips this for unicast
 *                                 instances, so a caller serving keepalived-style unicast peers may turn it off
 * @param preferredV3Ipv4Form      the VRRPv3-over-IPv4 checksum form the instance is configured with ({@link
 *                                 ChecksumForm#PSEUDO_HEADER} or {@link ChecksumForm#MESSAGE_ONLY}): tried first,
 *                                 then the other one
 * @param acceptOldUnicastChecksum also accept keepalived &lt;= 1.3.6's unicast form (pseudo-header destination
 *                                 224.0.0.18), as keepalived does unless {@code old_unicast_checksum never}
 * @param requireLinkLocalFirst    reject a VRRPv3 IPv6 advert whose first address is not link-local (RFC 9568
 *                                 erratum 8300). keepalived 2.2 sends the configured VIPs as they are (a global
 *                                 address first when the config has no link-local VIP) and does not check, so a
 *                                 daemon that must interoperate with it turns this off outside strict mode
 */
public record DecodeOptions(boolean requireTtl255, ChecksumForm preferredV3Ipv4Form,
                            boolean acceptOldUnicastChecksum, boolean requireLinkLocalFirst) {

    /** TTL 255 required, pseudo-header form first (keepalived and FRR defaults), old unicast form accepted. */
    public static final DecodeOptions DEFAULT = new DecodeOptions(true, ChecksumForm.PSEUDO_HEADER, true, true);

    public DecodeOptions {
        Objects.requireNonNull(preferredV3Ipv4Form, "preferredV3Ipv4Form");
        if (preferredV3Ipv4Form != ChecksumForm.PSEUDO_HEADER && preferredV3Ipv4Form != ChecksumForm.MESSAGE_ONLY) {
            throw new IllegalArgumentException("the configured VRRPv3 IPv4 checksum form is PSEUDO_HEADER or "
                    + "MESSAGE_ONLY, not " + preferredV3Ipv4Form);
        }
    }

    public DecodeOptions withRequireTtl255(boolean v) {
        return new DecodeOptions(v, preferredV3Ipv4Form, acceptOldUnicastChecksum, requireLinkLocalFirst);
    }

    public DecodeOptions withPreferredV3Ipv4Form(ChecksumForm v) {
        return new DecodeOptions(requireTtl255, v, acceptOldUnicastChecksum, requireLinkLocalFirst);
    }

    public DecodeOptions withAcceptOldUnicastChecksum(boolean v) {
        return new DecodeOptions(requireTtl255, preferredV3Ipv4Form, v, requireLinkLocalFirst);
    }

    public DecodeOptions withRequireLinkLocalFirst(boolean v) {
        return new DecodeOptions(requireTtl255, preferredV3Ipv4Form, acceptOldUnicastChecksum, v);
    }
}
