package io.vigil.vrrp.announce;

import static io.vigil.vrrp.packet.TestPackets.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;

class MulticastMacsTest {

    @Test
    void vrrpGroups() {
        assertThat(MulticastMacs.VRRP_IPV4).isEqualTo(MacAddress.parse("01:00:5e:00:00:12"));
        assertThat(MulticastMacs.VRRP_IPV6).isEqualTo(MacAddress.parse("33:33:00:00:00:12"));
        assertThat(MulticastMacs.vrrp(AddressFamily.INET)).isEqualTo(MulticastMacs.VRRP_IPV4);
        assertThat(MulticastMacs.vrrp(AddressFamily.INET6)).isEqualTo(MulticastMacs.VRRP_IPV6);
        assertThat(MulticastMacs.ALL_NODES_IPV6).isEqualTo(MulticastMacs.forGroup(ip("ff02::1")));
    }

    @Test
    void anyGroup() {
        // only the low 23 bits of an IPv4 group map: 239.255.1.2 and 224.127.1.2 share a MAC
        assertThat(MulticastMacs.forGroup(ip("239.255.1.2"))).isEqualTo(MacAddress.parse("01:00:5e:7f:01:02"));
        assertThat(MulticastMacs.forGroup(ip("224.127.1.2"))).isEqualTo(MacAddress.parse("01:00:5e:7f:01:02"));
        assertThat(MulticastMacs.forGroup(ip("224.128.1.2"))).isEqualTo(MacAddress.parse("01:00:5e:00:01:02"));
        assertThat(MulticastMacs.forGroup(ip("ff02::1:ff00:1234"))).isEqualTo(MacAddress.parse("33:33:ff:00:12:34"));
        assertThatThrownBy(() -> MulticastMacs.forGroup(ip("192.0.2.1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MulticastMacs.forGroup(ip("2001:db8::1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void solicitedNode() {
        assertThat(MulticastMacs.solicitedNode((Inet6Address) ip("2001:db8::12:3456:789a")))
                .isEqualTo(ip("ff02::1:ff56:789a"));
        assertThat(MulticastMacs.forGroup(MulticastMacs.solicitedNode((Inet6Address) ip("fe80::1"))))
                .isEqualTo(MacAddress.parse("33:33:ff:00:00:01"));
    }
}
