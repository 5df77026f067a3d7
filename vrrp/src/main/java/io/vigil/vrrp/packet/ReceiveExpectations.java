package io.vigil.vrrp.packet;

import io.vigil.core.config.UnicastSettings;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one instance expects of the adverts it receives, and the instance-level receive checks (RFC 3768 §7.1,
 * RFC 9568 §7.1 with erratum 8298, keepalived's unicast rules of vrrp-standards.md §5.2). The packet-level checks
 * are done before, by {@link VrrpDecoder}.
 *
 * @param vrid               the instance's VRID (the caller finds the instance by VRID; a different one here is
 *                           {@link RejectReason#UNKNOWN_VRID})
 * @param version            2 or 3
 * @param family             the instance's family
 * @param interval           the configured interval as the instance sends it (v2 seconds, v3 centiseconds; see
 *                           {@link VrrpAdvertisement#intervalFromNanos})
 * @param auth               v2 authentication; {@link V2Auth#NONE} for v3
 * @param virtualAddresses   the addresses the instance itself advertises
 * @param localOwner         the local router is the address owner (priority 255)
 * @param unicast            the instance sends to unicast peers rather than to the group
 * @param unicastPeers       the configured peers
 * @param checkUnicastSource a unicast advert must come from a configured peer ({@code check_unicast_src})
 * @param peerTtls           the TTL range accepted from a unicast peer ({@code unicast_peer} {@code min_ttl} /
 *                           {@code max_ttl}); a peer without one is not checked, as keepalived does not check the
 *                           TTL of unicast adverts
 */
public record ReceiveExpectations(int vrid, int version, AddressFamily family, int interval, V2Auth auth,
                                  List<InetAddress> virtualAddresses, boolean localOwner, boolean unicast,
                                  List<InetAddress> unicastPeers, boolean checkUnicastSource,
                                  List<UnicastSettings.PeerTtl> peerTtls) {

    public ReceiveExpectations(int vrid, int version, AddressFamily family, int interval, V2Auth auth,
                               List<InetAddress> virtualAddresses, boolean localOwner, boolean unicast,
                               List<InetAddress> unicastPeers, boolean checkUnicastSource) {
        this(vrid, version, family, interval, auth, virtualAddresses, localOwner, unicast, unicastPeers,
                checkUnicastSource, List.of());
    }

    public ReceiveExpectations {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(auth, "auth");
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("VRID " + vrid + " outside [1, 255]");
        }
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("VRRP version " + version + " (2 or 3)");
        }
        int max = version == 2 ? VrrpAdvertisement.V2_MAX_INTERVAL : VrrpAdvertisement.V3_MAX_INTERVAL;
        if (interval < 1 || interval > max) {
            throw new IllegalArgumentException("interval " + interval + " outside [1, " + max + "]");
        }
        if (version == 3 && auth.type() != V2Auth.TYPE_NONE) {
            throw new IllegalArgumentException("VRRPv3 has no authentication");
        }
        virtualAddresses = List.copyOf(virtualAddresses);
        unicastPeers = List.copyOf(unicastPeers);
        peerTtls = List.copyOf(peerTtls);
    }

    /**
     * The expectations of a configured instance: its version, family, VRID, interval (rounded as it is sent),
     * authentication (ignored for v3, as keepalived does), {@code virtual_ipaddress} list, ownership (priority
     * 255), unicast peers with their TTL ranges, and {@code check_unicast_src}.
     *
     * @throws IllegalArgumentException for {@code auth_type AH} on a v2 instance
     */
    public static ReceiveExpectations of(VrrpInstanceConfig config) {
        List<InetAddress> vips = new ArrayList<>(config.virtualAddresses().size());
        for (VirtualAddress v : config.virtualAddresses()) {
            vips.add(v.address());
        }
        return new ReceiveExpectations(config.vrid(), config.version(), config.family(),
                VrrpAdvertisement.intervalFromNanos(config.version(), config.advertIntervalNanos()),
                config.version() == 2 ? V2Auth.of(config.authentication()) : V2Auth.NONE, vips, config.isOwner(),
                config.isUnicast(), config.unicastPeers(), config.unicast().checkSource(),
                config.unicast().peerTtls());
    }

    /**
     * The verdict for an advert that passed the decoder. Discards, in this order: another VRID, version or
     * family; a multicast advert at a unicast instance or the reverse; a unicast source that is not a peer (when
     * checked); v2 auth type mismatch, v2 password mismatch; v2 interval mismatch (RFC 3768 §7.1 MUST). Warnings
     * (the advert is processed): v3 interval mismatch (RFC 9568 §7.1), address list mismatch (logged only, as
     * keepalived does), local router is the owner (erratum 8298).
     */
    public ReceiveVerdict check(DecodeResult.Accepted packet) {
        VrrpAdvertisement ad = packet.advertisement();
        if (ad.vrid() != vrid) {
            return discard(RejectReason.UNKNOWN_VRID, "VRID " + ad.vrid() + ", this instance has " + vrid);
        }
        if (ad.version() != version) {
            return discard(RejectReason.VERSION_MISMATCH, "VRRPv" + ad.version() + " advert, instance runs v"
                    + version);
        }
        if (packet.family() != family) {
            return discard(RejectReason.FAMILY_MISMATCH, packet.family().displayName() + " advert, instance is "
                    + family.displayName());
        }
        if (unicast && packet.multicast()) {
            return discard(RejectReason.UNEXPECTED_MULTICAST, "advert to " + text(packet.destination())
                    + " from " + text(packet.source()) + ", instance expects unicast");
        }
        if (!unicast && !packet.multicast()) {
            return discard(RejectReason.UNEXPECTED_UNICAST, "advert to " + text(packet.destination())
                    + " from " + text(packet.source()) + ", instance expects multicast");
        }
        if (unicast && checkUnicastSource && !unicastPeers.contains(packet.source())) {
            return discard(RejectReason.UNICAST_SOURCE, "advert from " + text(packet.source())
                    + ", not a configured unicast peer");
        }
        if (unicast) {
            for (UnicastSettings.PeerTtl t : peerTtls) {
                if (t.peer().equals(packet.source()) && (packet.ttl() < t.minTtl() || packet.ttl() > t.maxTtl())) {
                    return discard(RejectReason.TTL, "TTL " + packet.ttl() + " from unicast peer "
                            + text(packet.source()) + ", outside its min_ttl/max_ttl [" + t.minTtl() + ", "
                            + t.maxTtl() + "]");
                }
            }
        }
        if (version == 2) {
            if (ad.authType() != auth.type()) {
                return discard(RejectReason.AUTH_MISMATCH, "auth type " + ad.authType() + ", instance uses "
                        + auth.type());
            }
            if (auth.type() == V2Auth.TYPE_PASS && !auth.dataEquals(ad.authData())) {
                return discard(RejectReason.AUTH_FAILURE, "wrong PASS password from " + text(packet.source()));
            }
            if (ad.interval() != interval) {
                return discard(RejectReason.INTERVAL_MISMATCH, "advert interval " + ad.interval()
                        + " s, instance uses " + interval + " s");
            }
        }
        List<ReceiveVerdict.Warning> warnings = null;
        if (version == 3 && ad.interval() != interval) {
            warnings = add(warnings, RejectReason.INTERVAL_MISMATCH, "advert interval " + ad.interval()
                    + " cs, instance uses " + interval + " cs");
        }
        if (!sameAddresses(ad.addresses())) {
            warnings = add(warnings, RejectReason.ADDRESS_LIST_MISMATCH, "advert addresses " + texts(ad.addresses())
                    + ", instance has " + texts(virtualAddresses));
        }
        if (localOwner) {
            warnings = add(warnings, RejectReason.LOCAL_OWNER, "advert priority " + ad.priority() + " from "
                    + text(packet.source()) + " while this router owns the addresses");
        }
        return warnings == null ? ReceiveVerdict.ACCEPT : new ReceiveVerdict.AcceptWithWarnings(warnings);
    }

    /** Same addresses, in any order (counts equal and each side contained in the other). */
    private boolean sameAddresses(List<InetAddress> advertised) {
        if (advertised.size() != virtualAddresses.size()) {
            return false;
        }
        for (InetAddress a : advertised) {
            if (!virtualAddresses.contains(a)) {
                return false;
            }
        }
        for (InetAddress a : virtualAddresses) {
            if (!advertised.contains(a)) {
                return false;
            }
        }
        return true;
    }

    private static List<ReceiveVerdict.Warning> add(List<ReceiveVerdict.Warning> list, RejectReason reason,
                                                    String detail) {
        List<ReceiveVerdict.Warning> l = list == null ? new ArrayList<>(2) : list;
        l.add(new ReceiveVerdict.Warning(reason, detail));
        return l;
    }

    private static ReceiveVerdict discard(RejectReason reason, String detail) {
        return new ReceiveVerdict.Discard(reason, detail);
    }

    private static String text(InetAddress a) {
        return InetAddresses.toText(a);
    }

    private static String texts(List<InetAddress> list) {
        List<String> out = new ArrayList<>(list.size());
        for (InetAddress a : list) {
            out.add(text(a));
        }
        return out.toString();
    }
}
