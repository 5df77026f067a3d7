package io.vigil.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.MarkRule;
import io.vigil.core.port.ServiceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mark rules' shapes and where they go (no kernel: NftPacketMarksIT runs them). */
class NftPacketMarksTest {

    static final MarkRule ALL_PORTS = new MarkRule(ServiceKey.of(ServiceKey.Protocol.UDP,
            InetAddresses.parse("192.0.2.1"), 0), 7, List.of(MacAddress.parse("02:00:00:00:00:01"),
            MacAddress.parse("02:00:00:00:00:02")), "bond0.12");

    @Test
    void aPortZeroServiceMatchesTheProtocolAndSeveralPeersAreASet() {
        assertThat(Json.write(NftPacketMarks.expressions(ALL_PORTS, "ip"))).isEqualTo("["
                + "{\"match\":{\"op\":\"!=\",\"left\":{\"payload\":{\"protocol\":\"ether\",\"field\":\"saddr\"}},"
                + "\"right\":{\"set\":[\"02:00:00:00:00:01\",\"02:00:00:00:00:02\"]}}},"
                + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"daddr\"}},"
                + "\"right\":\"192.0.2.1\"}},"
                + "{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"l4proto\"}},\"right\":\"udp\"}},"
                + "{\"mangle\":{\"key\":{\"meta\":{\"key\":\"mark\"}},\"value\":7}}]");
    }

    @Test
    void anUnknownPeerMarksEverythingAndIpv6UsesIp6() {
        MarkRule v6 = new MarkRule(ServiceKey.of(ServiceKey.Protocol.TCP, InetAddresses.parse("2001:db8::1"), 443),
                0x76670002, List.of(), null);
        assertThat(Json.write(NftPacketMarks.expressions(v6, "ip6"))).isEqualTo("["
                + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip6\",\"field\":\"daddr\"}},"
                + "\"right\":\"2001:db8::1\"}},"
                + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},"
                + "\"right\":443}},"
                + "{\"mangle\":{\"key\":{\"meta\":{\"key\":\"mark\"}},\"value\":1986461698}}]");
    }

    @Test
    void theIngressLayoutHasAChainPerInputInterfaceAndFallsBackToPrerouting() {
        assertThat(NftPacketMarks.chainOf(NftPacketMarks.Hook.INGRESS, ALL_PORTS))
                .isEqualTo(new NftPacketMarks.Chain("netdev", "marks_bond0_12", "bond0.12"));
        MarkRule noInput = new MarkRule(ALL_PORTS.service(), 7, List.of(), null);
        assertThat(NftPacketMarks.chainOf(NftPacketMarks.Hook.INGRESS, noInput))
                .isEqualTo(new NftPacketMarks.Chain("ip", "marks", null));
        assertThat(NftPacketMarks.chainOf(NftPacketMarks.Hook.PREROUTING, ALL_PORTS))
                .isEqualTo(new NftPacketMarks.Chain("ip", "marks", null));
    }
}
