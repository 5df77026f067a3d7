package io.vigil.vrrp.packet;

import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.config.Authentication;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.UnicastSettings;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.net.AddressFamily;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The instance-level verdicts, as a table: expectations, a decoded packet, the verdict and its reasons. */
class ReceiveExpectationsTest {

    enum Kind { ACCEPT, WARN, DISCARD }

    record Row(String name, ReceiveExpectations expectations, DecodeResult.Accepted packet, Kind kind,
               List<RejectReason> reasons) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final InetAddress SRC = ip("192.0.2.10");
    private static final InetAddress PEER = ip("192.0.2.11");
    private static final InetAddress SELF = ip("192.0.2.1");
    private static final InetAddress GROUP = ip("224.0.0.18");
    private static final List<InetAddress> VIPS = List.of(ip("192.0.2.254"));
    private static final List<InetAddress> VIPS6 = List.of(ip("fe80::1"), ip("2001:db8::1"));
    private static final V2Auth SECRET = V2Auth.pass("secret");

    private static final ReceiveExpectations V2_MCAST =
            new ReceiveExpectations(51, 2, AddressFamily.INET, 1, V2Auth.NONE, VIPS, false, false, List.of(), false);
    private static final ReceiveExpectations V2_PASS =
            new ReceiveExpectations(51, 2, AddressFamily.INET, 1, SECRET, VIPS, false, false, List.of(), false);
    private static final ReceiveExpectations V3_MCAST =
            new ReceiveExpectations(51, 3, AddressFamily.INET, 100, V2Auth.NONE, VIPS, false, false, List.of(), false);
    private static final ReceiveExpectations V3_OWNER =
            new ReceiveExpectations(51, 3, AddressFamily.INET, 100, V2Auth.NONE, VIPS, true, false, List.of(), false);
    private static final ReceiveExpectations V3_IPV6 = new ReceiveExpectations(51, 3, AddressFamily.INET6, 100,
            V2Auth.NONE, VIPS6, false, false, List.of(), false);
    private static final ReceiveExpectations V3_UNICAST_CHECKED = new ReceiveExpectations(51, 3, AddressFamily.INET,
            100, V2Auth.NONE, VIPS, false, true, List.of(PEER, ip("192.0.2.12")), true);
    private static final ReceiveExpectations V3_UNICAST_UNCHECKED = new ReceiveExpectations(51, 3,
            AddressFamily.INET, 100, V2Auth.NONE, VIPS, false, true, List.of(PEER), false);

    /** A unicast instance that accepts its peer's adverts with a TTL of 250 to 254 only (a routed peer). */
    private static final ReceiveExpectations V3_UNICAST_TTL = new ReceiveExpectations(51, 3, AddressFamily.INET,
            100, V2Auth.NONE, VIPS, false, true, List.of(PEER), true,
            List.of(new UnicastSettings.PeerTtl(PEER, 250, 254)));

    /** Encodes, wraps and decodes (without the TTL-255 rule, as unicast channels do) with the given TTL. */
    static DecodeResult.Accepted unicastWithTtl(int ttl) {
        byte[] payload = VrrpEncoder.encode(v3(100, VIPS), ChecksumForm.PSEUDO_HEADER, PEER, SELF);
        byte[] ipPacket = TestPackets.ipv4(PEER, SELF, ttl, TestPackets.VRRP, payload);
        return (DecodeResult.Accepted) VrrpDecoder.decode(ipPacket, DecodeOptions.DEFAULT.withRequireTtl255(false));
    }

    /** Encodes, wraps and decodes: the packets the table uses went through the real path. */
    static DecodeResult.Accepted packet(VrrpAdvertisement ad, InetAddress src, InetAddress dst) {
        byte[] ipPacket = TestPackets.ipPacket(src, dst, VrrpEncoder.encode(ad, ChecksumForm.PSEUDO_HEADER, src, dst));
        return (DecodeResult.Accepted) VrrpDecoder.decode(ipPacket, DecodeOptions.DEFAULT);
    }

    static VrrpAdvertisement v2(int vrid, int interval, List<InetAddress> vips, V2Auth auth) {
        return VrrpAdvertisement.v2(vrid, 100, interval, vips, auth);
    }

    static VrrpAdvertisement v3(int interval, List<InetAddress> vips) {
        return VrrpAdvertisement.v3(51, 100, interval, vips);
    }

    static Row row(String name, ReceiveExpectations e, DecodeResult.Accepted p, Kind kind, RejectReason... reasons) {
        return new Row(name, e, p, kind, List.of(reasons));
    }

    static Stream<Row> rows() {
        DecodeResult.Accepted v2ok = packet(v2(51, 1, VIPS, V2Auth.NONE), SRC, GROUP);
        DecodeResult.Accepted v3ok = packet(v3(100, VIPS), SRC, GROUP);
        DecodeResult.Accepted v3unicastFromPeer = packet(v3(100, VIPS), PEER, SELF);
        VrrpAdvertisement ah = new VrrpAdvertisement(2, 1, 51, 100, VIPS, 1, V2Auth.TYPE_AH, new byte[8], 0);
        VrrpAdvertisement typeZeroWithData =
                new VrrpAdvertisement(2, 1, 51, 100, VIPS, 1, 0, "garbage!".getBytes(), 0);
        return Stream.of(
                row("v2 as configured", V2_MCAST, v2ok, Kind.ACCEPT),
                row("v3 as configured", V3_MCAST, v3ok, Kind.ACCEPT),
                row("v3 IPv6 as configured", V3_IPV6, packet(v3(100, VIPS6), ip("fe80::a"), ip("ff02::12")),
                        Kind.ACCEPT),
                row("another VRID", V2_MCAST, packet(v2(52, 1, VIPS, V2Auth.NONE), SRC, GROUP), Kind.DISCARD,
                        RejectReason.UNKNOWN_VRID),
                row("v3 advert at a v2 instance", V2_MCAST, v3ok, Kind.DISCARD, RejectReason.VERSION_MISMATCH),
                row("v2 advert at a v3 instance", V3_MCAST, v2ok, Kind.DISCARD, RejectReason.VERSION_MISMATCH),
                row("IPv6 advert at an IPv4 instance", V3_MCAST,
                        packet(v3(100, VIPS6), ip("fe80::a"), ip("ff02::12")), Kind.DISCARD,
                        RejectReason.FAMILY_MISMATCH),
                row("multicast advert at a unicast instance", V3_UNICAST_CHECKED, packet(v3(100, VIPS), PEER, GROUP),
                        Kind.DISCARD, RejectReason.UNEXPECTED_MULTICAST),
                row("unicast advert at a multicast instance", V3_MCAST, v3unicastFromPeer, Kind.DISCARD,
                        RejectReason.UNEXPECTED_UNICAST),
                row("unicast from a stranger, source checked", V3_UNICAST_CHECKED, packet(v3(100, VIPS), SRC, SELF),
                        Kind.DISCARD, RejectReason.UNICAST_SOURCE),
                row("unicast from a stranger, source not checked", V3_UNICAST_UNCHECKED,
                        packet(v3(100, VIPS), SRC, SELF), Kind.ACCEPT),
                row("unicast from a peer, source checked", V3_UNICAST_CHECKED, v3unicastFromPeer, Kind.ACCEPT),
                row("unicast from a peer inside its min_ttl/max_ttl", V3_UNICAST_TTL, unicastWithTtl(252),
                        Kind.ACCEPT),
                row("unicast from a peer below its min_ttl", V3_UNICAST_TTL, unicastWithTtl(249), Kind.DISCARD,
                        RejectReason.TTL),
                row("unicast from a peer above its max_ttl", V3_UNICAST_TTL, unicastWithTtl(255), Kind.DISCARD,
                        RejectReason.TTL),
                row("unicast without a TTL range: any TTL", V3_UNICAST_UNCHECKED, unicastWithTtl(64), Kind.ACCEPT),
                row("no auth at a PASS instance", V2_PASS, v2ok, Kind.DISCARD, RejectReason.AUTH_MISMATCH),
                row("PASS at an instance without auth", V2_MCAST, packet(v2(51, 1, VIPS, SECRET), SRC, GROUP),
                        Kind.DISCARD, RejectReason.AUTH_MISMATCH),
                row("AH auth type at an instance without auth", V2_MCAST, packet(ah, SRC, GROUP), Kind.DISCARD,
                        RejectReason.AUTH_MISMATCH),
                row("wrong password", V2_PASS, packet(v2(51, 1, VIPS, V2Auth.pass("secreT")), SRC, GROUP),
                        Kind.DISCARD, RejectReason.AUTH_FAILURE),
                row("password longer than 8 bytes compares on its first 8", V2_PASS,
                        packet(v2(51, 1, VIPS, V2Auth.pass("secret-and-more")), SRC, GROUP), Kind.DISCARD,
                        RejectReason.AUTH_FAILURE),
                row("right password", V2_PASS, packet(v2(51, 1, VIPS, SECRET), SRC, GROUP), Kind.ACCEPT),
                row("auth type 0 data is ignored", V2_MCAST, packet(typeZeroWithData, SRC, GROUP), Kind.ACCEPT),
                row("v2 interval differs: MUST discard", V2_MCAST, packet(v2(51, 3, VIPS, V2Auth.NONE), SRC, GROUP),
                        Kind.DISCARD, RejectReason.INTERVAL_MISMATCH),
                row("auth is checked before the interval", V2_PASS, packet(v2(51, 3, VIPS, V2Auth.NONE), SRC, GROUP),
                        Kind.DISCARD, RejectReason.AUTH_MISMATCH),
                row("v3 interval differs: log only", V3_MCAST, packet(v3(50, VIPS), SRC, GROUP), Kind.WARN,
                        RejectReason.INTERVAL_MISMATCH),
                row("v3 other addresses: log only", V3_MCAST, packet(v3(100, List.of(ip("192.0.2.253"))), SRC,
                        GROUP), Kind.WARN, RejectReason.ADDRESS_LIST_MISMATCH),
                row("v3 extra address: log only", V3_MCAST, packet(v3(100, List.of(ip("192.0.2.254"),
                        ip("192.0.2.253"))), SRC, GROUP), Kind.WARN, RejectReason.ADDRESS_LIST_MISMATCH),
                row("v2 other addresses: log only (keepalived)", V2_MCAST,
                        packet(v2(51, 1, List.of(ip("198.51.100.1")), V2Auth.NONE), SRC, GROUP), Kind.WARN,
                        RejectReason.ADDRESS_LIST_MISMATCH),
                row("same addresses in another order", V3_IPV6,
                        packet(v3(100, List.of(ip("fe80::1"), ip("2001:db8::1"))), ip("fe80::b"), ip("ff02::12")),
                        Kind.ACCEPT),
                row("the owner receives an advert (erratum 8298: process, log)", V3_OWNER, v3ok, Kind.WARN,
                        RejectReason.LOCAL_OWNER),
                row("every warning at once", V3_OWNER, packet(v3(200, List.of(ip("192.0.2.253"))), SRC, GROUP),
                        Kind.WARN, RejectReason.INTERVAL_MISMATCH, RejectReason.ADDRESS_LIST_MISMATCH,
                        RejectReason.LOCAL_OWNER));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void verdict(Row row) {
        ReceiveVerdict v = row.expectations().check(row.packet());
        switch (row.kind()) {
            case ACCEPT -> assertThat(v).isSameAs(ReceiveVerdict.ACCEPT);
            case WARN -> {
                assertThat(v).isInstanceOf(ReceiveVerdict.AcceptWithWarnings.class);
                List<ReceiveVerdict.Warning> warnings = ((ReceiveVerdict.AcceptWithWarnings) v).warnings();
                assertThat(warnings).extracting(ReceiveVerdict.Warning::reason).containsExactlyElementsOf(
                        row.reasons());
                assertThat(warnings).allSatisfy(w -> assertThat(w.detail()).isNotBlank());
            }
            case DISCARD -> {
                assertThat(v).isInstanceOf(ReceiveVerdict.Discard.class);
                assertThat(((ReceiveVerdict.Discard) v).reason()).isEqualTo(row.reasons().get(0));
                assertThat(((ReceiveVerdict.Discard) v).detail()).isNotBlank();
            }
        }
        assertThat(v.accepted()).isEqualTo(row.kind() != Kind.DISCARD);
    }

    @Test
    void passwordsNeverAppearInDetails() {
        ReceiveVerdict v = V2_PASS.check(packet(v2(51, 1, VIPS, V2Auth.pass("hunter2")), SRC, GROUP));
        assertThat(((ReceiveVerdict.Discard) v).detail()).doesNotContain("hunter2").doesNotContain("secret");
    }

    @Test
    void fromConfig() {
        VrrpInstanceConfig config = VrrpInstanceConfig.builder("VI_1", "eth0", 51)
                .priority(255)
                .advertIntervalNanos(1_400_000_000L)
                .addVirtualAddress(VirtualAddress.of("192.0.2.254/24"))
                .addVirtualAddress(VirtualAddress.of("192.0.2.253"))
                .addUnicastPeer(PEER)
                .unicast(new UnicastSettings(255, true, false, List.of(), false, false))
                .authentication(new Authentication(Authentication.Type.PASS, "secret", SourceLocation.NONE))
                .build();
        ReceiveExpectations e = ReceiveExpectations.of(config);
        assertThat(e).isEqualTo(new ReceiveExpectations(51, 2, AddressFamily.INET, 1, SECRET,
                List.of(ip("192.0.2.254"), ip("192.0.2.253")), true, true, List.of(PEER), true));

        ReceiveExpectations v3 = ReceiveExpectations.of(config.toBuilder().version(3).build());
        assertThat(v3.interval()).isEqualTo(140);
        assertThat(v3.auth()).as("v3 ignores authentication").isEqualTo(V2Auth.NONE);

        VrrpInstanceConfig ahConfig = config.toBuilder()
                .authentication(new Authentication(Authentication.Type.AH, "x", SourceLocation.NONE)).build();
        assertThatThrownBy(() -> ReceiveExpectations.of(ahConfig))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AH");
    }

    @Test
    void constructorRefusesNonsense() {
        assertThatThrownBy(() -> new ReceiveExpectations(0, 2, AddressFamily.INET, 1, V2Auth.NONE, VIPS, false,
                false, List.of(), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiveExpectations(1, 2, AddressFamily.INET, 256, V2Auth.NONE, VIPS, false,
                false, List.of(), false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReceiveExpectations(1, 3, AddressFamily.INET, 100, SECRET, VIPS, false,
                false, List.of(), false)).isInstanceOf(IllegalArgumentException.class);
    }
}
