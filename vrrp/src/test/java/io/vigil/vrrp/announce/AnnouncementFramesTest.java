package io.vigil.vrrp.announce;

import static io.vigil.vrrp.packet.TestPackets.hex;
import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import io.vigil.vrrp.packet.TestPackets;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncementFramesTest {

    private static final MacAddress VMAC = MacAddress.vrrpVirtual(AddressFamily.INET, 51);
    private static final MacAddress VMAC6 = MacAddress.vrrpVirtual(AddressFamily.INET6, 51);

    @Test
    void gratuitousArpBytes() {
        byte[] f = AnnouncementFrames.gratuitousArp(VMAC, (Inet4Address) ip("192.0.2.254"));
        assertThat(TestPackets.hex(f)).isEqualTo(TestPackets.hex(hex(
                "ffffffffffff 00005e000133 0806"          // Ethernet: broadcast, from the VMAC, ARP
                        + "0001 0800 06 04 0001"          // Ethernet/IPv4, request
                        + "00005e000133 c00002fe"         // sender: VMAC, VIP
                        + "ffffffffffff c00002fe")));     // target: broadcast (as keepalived), VIP
        assertThat(f).hasSize(AnnouncementFrames.GRATUITOUS_ARP_LENGTH);
    }

    @Test
    void neighborAdvertisementBytes() {
        byte[] f = AnnouncementFrames.unsolicitedNeighborAdvertisement(VMAC6, (Inet6Address) ip("fe80::a"),
                (Inet6Address) ip("2001:db8::1"), true);
        assertThat(f).hasSize(AnnouncementFrames.NEIGHBOR_ADVERTISEMENT_LENGTH);
        byte[] expectedWithoutChecksum = hex(
                "333300000001 00005e000233 86dd"                                  // Ethernet to all-nodes
                        + "60000000 0020 3a ff"                                    // IPv6: 32 bytes, ICMPv6, 255
                        + "fe80000000000000000000000000000a"                       // source: link-local
                        + "ff020000000000000000000000000001"                       // destination: ff02::1
                        + "88 00 0000 a0000000"                                    // NA, R and O set, S clear
                        + "20010db8000000000000000000000001"                       // target
                        + "02 01 00005e000233");                                   // target link-layer address
        byte[] zeroed = f.clone();
        zeroed[56] = 0;
        zeroed[57] = 0;
        assertThat(TestPackets.hex(zeroed)).isEqualTo(TestPackets.hex(expectedWithoutChecksum));
        // the ICMPv6 checksum, computed independently over the pseudo-header and the message
        byte[] icmp = Arrays.copyOfRange(zeroed, 54, 86);
        byte[] pseudo = TestPackets.concat(ip("fe80::a").getAddress(), ip("ff02::1").getAddress(),
                hex("00000020 0000003a"));
        int expected = TestPackets.naiveChecksum(TestPackets.concat(pseudo, icmp));
        assertThat(((f[56] & 0xff) << 8) | (f[57] & 0xff)).isEqualTo(expected);
    }

    @Test
    void routerFlagFollowsTheCaller() {
        byte[] f = AnnouncementFrames.unsolicitedNeighborAdvertisement(VMAC6, (Inet6Address) ip("fe80::a"),
                (Inet6Address) ip("2001:db8::1"), false);
        assertThat(f[58] & 0xff).isEqualTo(0x20);
    }

    @Test
    void naSourceMustBeLinkLocal() {
        assertThatThrownBy(() -> AnnouncementFrames.unsolicitedNeighborAdvertisement(VMAC6,
                (Inet6Address) ip("2001:db8::a"), (Inet6Address) ip("2001:db8::1"), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("link-local");
    }

    @Test
    void oneFramePerAddress() {
        List<byte[]> frames = AnnouncementFrames.forAddresses(VMAC, (Inet6Address) ip("fe80::a"),
                List.of(ip("192.0.2.1"), ip("2001:db8::1"), ip("192.0.2.2")), true);
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).isEqualTo(AnnouncementFrames.gratuitousArp(VMAC, (Inet4Address) ip("192.0.2.1")));
        assertThat(frames.get(1)).isEqualTo(AnnouncementFrames.unsolicitedNeighborAdvertisement(VMAC,
                (Inet6Address) ip("fe80::a"), (Inet6Address) ip("2001:db8::1"), true));
        assertThat(frames.get(2)).isEqualTo(AnnouncementFrames.gratuitousArp(VMAC, (Inet4Address) ip("192.0.2.2")));
        assertThat(AnnouncementFrames.forAddresses(VMAC, null, List.of(ip("192.0.2.1")), false)).hasSize(1);
        assertThatThrownBy(() -> AnnouncementFrames.forAddresses(VMAC, null, List.of(ip("2001:db8::1")), false))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("link-local");
    }
}
