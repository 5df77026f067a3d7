package io.vigil.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetTypesTest {

    @Test
    void parsesAndPrintsPrefixes() {
        assertThat(IpPrefix.parse("192.0.2.1/24").toString()).isEqualTo("192.0.2.1/24");
        assertThat(IpPrefix.parse("192.0.2.1").length()).isEqualTo(32);
        assertThat(IpPrefix.parse("2001:DB8:0:0:0:0:0:1/64").toString()).isEqualTo("2001:db8::1/64");
        assertThat(IpPrefix.parse("fe80::1").length()).isEqualTo(128);
        assertThat(IpPrefix.parse("198.51.100.7/24").contains(InetAddresses.parse("198.51.100.200"))).isTrue();
        assertThat(IpPrefix.parse("198.51.100.7/25").contains(InetAddresses.parse("198.51.100.200"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.500", "1.2.3", "1.2.3.4.5", "a.b.c.d", "", "192.0.2.1/33", "2001:db8::1/129",
        "example.com", "192.0.2.1/x", "::g"})
    void rejectsWhatIsNotALiteralWithoutLookingItUp(String text) {
        assertThatThrownBy(() -> IpPrefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rfc5952Printing() {
        assertThat(InetAddresses.toText(InetAddresses.parse("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(InetAddresses.toText(InetAddresses.parse("::"))).isEqualTo("::");
        assertThat(InetAddresses.toText(InetAddresses.parse("ff02::12"))).isEqualTo("ff02::12");
        assertThat(InetAddresses.toText(InetAddresses.parse("2001:db8:1:1:1:1:0:1"))).isEqualTo("2001:db8:1:1:1:1:0:1");
    }

    @Test
    void vrrpVirtualMacs() {
        assertThat(MacAddress.vrrpVirtual(AddressFamily.INET, 51).toString()).isEqualTo("00:00:5e:00:01:33");
        assertThat(MacAddress.vrrpVirtual(AddressFamily.INET6, 255).toString()).isEqualTo("00:00:5e:00:02:ff");
        assertThat(MacAddress.parse("AA-bb-cc-00-01-02")).isEqualTo(MacAddress.parse("aa:bb:cc:00:01:02"));
        assertThatThrownBy(() -> MacAddress.parse("aa:bb")).isInstanceOf(IllegalArgumentException.class);
    }
}
