package io.vigil.core.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The unicast options of an instance beyond its peer list.
 *
 * @param ttl            {@code unicast_ttl} used on sent adverts (default 255)
 * @param checkSource    {@code check_unicast_src} (or global {@code vrrp_check_unicast_src}, or implied by a TTL
 *                       range): accept adverts only from the peers
 * @param faultNoPeer    {@code unicast_fault_no_peer}: no peers means FAULT rather than multicast
 * @param peerTtls       per-peer {@code min_ttl}/{@code max_ttl} ranges, for the peers that have one
 * @param oldChecksum    {@code old_unicast_checksum}: use the pre-1.3.7 v3 checksum
 * @param oldChecksumNever {@code old_unicast_checksum never}: never fall back to it automatically
 */
public record UnicastSettings(int ttl, boolean checkSource, boolean faultNoPeer, List<PeerTtl> peerTtls,
                              boolean oldChecksum, boolean oldChecksumNever) {

    public static final UnicastSettings DEFAULTS = new UnicastSettings(255, false, false, List.of(), false, false);

    /** The TTL range accepted from one peer. */
    public record PeerTtl(InetAddress peer, int minTtl, int maxTtl) {
        public PeerTtl {
            Objects.requireNonNull(peer, "peer");
        }
    }

    public UnicastSettings {
        if (ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("unicast_ttl " + ttl + " outside [0, 255]");
        }
        peerTtls = List.copyOf(peerTtls);
    }
}
