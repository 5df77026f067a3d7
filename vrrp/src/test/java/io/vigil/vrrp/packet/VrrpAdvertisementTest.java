package io.vigil.vrrp.packet;

import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.net.AddressFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The record accepts exactly what may be sent, so the encoder cannot produce an illegal packet by accident. */
class VrrpAdvertisementTest {

    private static final List<InetAddress> VIP = List.of(ip("192.0.2.254"));
    private static final byte[] ZERO8 = new byte[8];

    private static void refused(Runnable r, String messagePart) {
        assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(messagePart);
    }

    @Test
    void rangesAreEnforced() {
        refused(() -> new VrrpAdvertisement(1, 1, 51, 100, VIP, 1, 0, ZERO8, 0), "version");
        refused(() -> new VrrpAdvertisement(3, 2, 51, 100, VIP, 1, 0, ZERO8, 0), "type");
        refused(() -> VrrpAdvertisement.v3(0, 100, 100, VIP), "VRID");
        refused(() -> VrrpAdvertisement.v3(256, 100, 100, VIP), "VRID");
        refused(() -> VrrpAdvertisement.v3(1, -1, 100, VIP), "priority");
        refused(() -> VrrpAdvertisement.v3(1, 256, 100, VIP), "priority");
        refused(() -> VrrpAdvertisement.v3(1, 100, 0, VIP), "interval");
        refused(() -> VrrpAdvertisement.v3(1, 100, 4096, VIP), "interval");
        refused(() -> VrrpAdvertisement.v2(1, 100, 0, VIP, V2Auth.NONE), "interval");
        refused(() -> VrrpAdvertisement.v2(1, 100, 256, VIP, V2Auth.NONE), "interval");
        refused(() -> new VrrpAdvertisement(2, 1, 51, 100, VIP, 1, 3, ZERO8, 0), "auth type");
        refused(() -> new VrrpAdvertisement(2, 1, 51, 100, VIP, 1, 0, new byte[7], 0), "8 expected");
        refused(() -> new VrrpAdvertisement(2, 1, 51, 100, VIP, 1, 0, ZERO8, 1), "Reserve");
        refused(() -> new VrrpAdvertisement(3, 1, 51, 100, VIP, 1, 0, ZERO8, 16), "Reserve");
        refused(() -> new VrrpAdvertisement(3, 1, 51, 100, VIP, 1, 1, ZERO8, 0), "no authentication");
        refused(() -> new VrrpAdvertisement(3, 1, 51, 100, VIP, 1, 0, "password".getBytes(), 0),
                "no authentication");
    }

    @Test
    void addressRules() {
        refused(() -> VrrpAdvertisement.v3(1, 100, 100, List.of()), "at least one");
        refused(() -> VrrpAdvertisement.v2(1, 100, 1, List.of(ip("2001:db8::1")), V2Auth.NONE), "IPv4");
        refused(() -> VrrpAdvertisement.v3(1, 100, 100, List.of(ip("fe80::1"), ip("192.0.2.1"))), "mixed");
        // keepalived sends a global VIP first when the config has no link-local one: such adverts can be built
        assertThat(VrrpAdvertisement.v3(1, 100, 100, List.of(ip("2001:db8::1"))).addresses())
                .containsExactly(ip("2001:db8::1"));
        List<InetAddress> tooMany = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            tooMany.add(ip("198.51." + (100 + i / 256) + "." + (i % 256)));
        }
        refused(() -> VrrpAdvertisement.v3(1, 100, 100, tooMany), "255");
        assertThat(VrrpAdvertisement.v3(1, 100, 100, tooMany.subList(0, 255)).messageLength())
                .isEqualTo(8 + 255 * 4);
        assertThat(VrrpAdvertisement.v2(1, 100, 1, List.of(), V2Auth.NONE).messageLength()).isEqualTo(16);
        assertThat(VrrpAdvertisement.v2(1, 100, 1, List.of(), V2Auth.NONE).family()).isEqualTo(AddressFamily.INET);
        assertThat(VrrpAdvertisement.v3(1, 100, 100, List.of(ip("fe80::1"))).family())
                .isEqualTo(AddressFamily.INET6);
    }

    @Test
    void authDataIsCopiedBothWays() {
        byte[] data = "secret\0\0".getBytes();
        VrrpAdvertisement ad = new VrrpAdvertisement(2, 1, 51, 100, VIP, 1, 1, data, 0);
        data[0] = 'X';
        assertThat(ad.authData()[0]).isEqualTo((byte) 's');
        ad.authData()[1] = 'X';
        assertThat(ad.authData()[1]).isEqualTo((byte) 'e');
        assertThat(ad).isEqualTo(VrrpAdvertisement.v2(51, 100, 1, VIP, V2Auth.pass("secret")));
        assertThat(ad.hashCode()).isEqualTo(VrrpAdvertisement.v2(51, 100, 1, VIP, V2Auth.pass("secret")).hashCode());
        assertThat(ad.toString()).doesNotContain("secret");
        assertThat(V2Auth.pass("secret").toString()).doesNotContain("secret");
    }

    @Test
    void addressListIsImmutable() {
        List<InetAddress> vips = new ArrayList<>(VIP);
        VrrpAdvertisement ad = VrrpAdvertisement.v3(1, 100, 100, vips);
        vips.add(ip("192.0.2.1"));
        assertThat(ad.addresses()).hasSize(1);
        assertThatThrownBy(() -> ad.addresses().add(ip("192.0.2.2")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void intervals() {
        assertThat(VrrpAdvertisement.v2(1, 100, 3, VIP, V2Auth.NONE).intervalNanos()).isEqualTo(3_000_000_000L);
        assertThat(VrrpAdvertisement.v3(1, 100, 1, VIP).intervalNanos()).isEqualTo(10_000_000L);
        assertThat(VrrpAdvertisement.v3(1, 100, 4095, VIP).intervalNanos()).isEqualTo(40_950_000_000L);
        assertThat(VrrpAdvertisement.intervalFromNanos(2, 1_000_000_000L)).isEqualTo(1);
        assertThat(VrrpAdvertisement.intervalFromNanos(2, 1_499_999_999L)).isEqualTo(1);
        assertThat(VrrpAdvertisement.intervalFromNanos(2, 1_500_000_000L)).isEqualTo(2);
        assertThat(VrrpAdvertisement.intervalFromNanos(2, 10_000_000L)).as("at least 1 s").isEqualTo(1);
        assertThat(VrrpAdvertisement.intervalFromNanos(2, 1000_000_000_000L)).as("capped").isEqualTo(255);
        assertThat(VrrpAdvertisement.intervalFromNanos(3, 1_000_000_000L)).isEqualTo(100);
        assertThat(VrrpAdvertisement.intervalFromNanos(3, 10_000_000L)).isEqualTo(1);
        assertThat(VrrpAdvertisement.intervalFromNanos(3, 14_999_999L)).isEqualTo(1);
        assertThat(VrrpAdvertisement.intervalFromNanos(3, 15_000_000L)).isEqualTo(2);
        assertThat(VrrpAdvertisement.intervalFromNanos(3, 1_000L)).isEqualTo(1);
        assertThat(VrrpAdvertisement.intervalFromNanos(3, 60_000_000_000L)).isEqualTo(4095);
    }

    @Test
    void v2Auth() {
        assertThat(V2Auth.pass("secret").data()).isEqualTo("secret\0\0".getBytes());
        assertThat(V2Auth.pass("0123456789").data()).as("truncated like keepalived").isEqualTo("01234567".getBytes());
        refused(() -> V2Auth.pass(""), "empty");
        refused(() -> new V2Auth(2, new byte[8]), "only 0");
        refused(() -> new V2Auth(0, "x\0\0\0\0\0\0\0".getBytes()), "zero");
        assertThat(V2Auth.of(null)).isEqualTo(V2Auth.NONE);
    }
}
