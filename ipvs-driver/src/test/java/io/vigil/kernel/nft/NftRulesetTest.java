package io.vigil.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.core.port.VirtualService.SchedulerFlag;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule shapes and the honest list of what the nftables datapath cannot do. */
class NftRulesetTest {

    static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, InetAddresses.parse("203.0.113.10"), 80);

    static RealServer rs(String ip, int port, Forwarding f, int w) {
        return RealServer.of(InetAddresses.parse(ip), port, f, w);
    }

    @Test
    void aWeightedNatServiceIsOneDnatThroughANumgenMap() {
        DatapathState s = new DatapathState(List.of(VirtualService.of(WEB, "wrr", List.of(
                rs("198.51.100.11", 8080, Forwarding.NAT, 1), rs("198.51.100.12", 0, Forwarding.NAT, 3),
                rs("198.51.100.13", 80, Forwarding.NAT, 0)))));
        String tx = NftRuleset.transaction(s, Set.of("ip"), NftOptions.defaults());
        assertThat(tx).isEqualTo("{\"nftables\":["
                + "{\"add\":{\"table\":{\"family\":\"ip\",\"name\":\"vigil\"}}},"
                + "{\"add\":{\"chain\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"lb_nat\",\"type\":\"nat\","
                + "\"hook\":\"prerouting\",\"prio\":-100,\"policy\":\"accept\"}}},"
                + "{\"flush\":{\"chain\":{\"family\":\"ip\",\"table\":\"vigil\",\"name\":\"lb_nat\"}}},"
                + "{\"add\":{\"rule\":{\"family\":\"ip\",\"table\":\"vigil\",\"chain\":\"lb_nat\","
                + "\"comment\":\"vigil TCP 203.0.113.10:80\",\"expr\":["
                + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"daddr\"}},"
                + "\"right\":\"203.0.113.10\"}},"
                + "{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},"
                + "\"right\":80}},"
                + "{\"dnat\":{\"family\":\"ip\",\"addr\":{\"map\":{\"key\":{\"numgen\":{\"mode\":\"inc\",\"mod\":4,"
                + "\"offset\":0}},\"data\":{\"set\":[[0,{\"concat\":[\"198.51.100.11\",8080]}],"
                + "[{\"range\":[1,3]},{\"concat\":[\"198.51.100.12\",80]}]]}}}}}]}}}]}");
    }

    @Test
    void drIsAFlowHashForwardOnTheIngressDevice() {
        VirtualService sh = new VirtualService(ServiceKey.of(Protocol.UDP, InetAddresses.parse("2001:db8::10"), 53),
                "sh", Set.of(SchedulerFlag.PORT), 0, 128, false, List.of(rs("2001:db8::11", 53, Forwarding.DR, 1),
                rs("2001:db8::12", 53, Forwarding.DR, 1)));
        String tx = NftRuleset.transaction(new DatapathState(List.of(sh)), Set.of("netdev"),
                NftOptions.dr("eth0", "eth1"));
        assertThat(tx).contains("\"type\":\"filter\",\"hook\":\"ingress\",\"dev\":\"eth0\",\"prio\":0")
                .contains("{\"fwd\":{\"dev\":\"eth1\",\"family\":\"ip6\",\"addr\":{\"map\":{\"key\":{\"jhash\":{")
                .contains("\"expr\":{\"concat\":[{\"payload\":{\"protocol\":\"ip6\",\"field\":\"saddr\"}},"
                        + "{\"payload\":{\"protocol\":\"udp\",\"field\":\"sport\"}}]}");
    }

    @Test
    void aServiceWithoutUsableServersDropsAndOneServerNeedsNoMap() {
        String none = NftRuleset.transaction(new DatapathState(List.of(VirtualService.of(WEB, "rr",
                List.of(rs("198.51.100.11", 80, Forwarding.NAT, 0))))), Set.of("ip"), NftOptions.defaults());
        assertThat(none).contains("{\"drop\":null}").doesNotContain("dnat");
        String fo = NftRuleset.transaction(new DatapathState(List.of(VirtualService.of(ServiceKey.fwmark(
                AddressFamily.INET, 9), "fo", List.of(rs("198.51.100.11", 0, Forwarding.NAT, 2),
                rs("198.51.100.12", 0, Forwarding.NAT, 5))))), Set.of("ip"), NftOptions.defaults());
        assertThat(fo).contains("{\"meta\":{\"key\":\"mark\"}},\"right\":9}")
                .contains("{\"dnat\":{\"family\":\"ip\",\"addr\":\"198.51.100.12\"}}");
        String one = NftRuleset.transaction(new DatapathState(List.of(VirtualService.of(WEB, "rr",
                List.of(rs("198.51.100.11", 8080, Forwarding.NAT, 1))))), Set.of("ip"), NftOptions.defaults());
        assertThat(one).as("address and port, no one-element concatenation")
                .contains("{\"dnat\":{\"family\":\"ip\",\"addr\":\"198.51.100.11\",\"port\":8080}}");
    }

    @Test
    void limitationsAreNamed() {
        ServiceKey udp = ServiceKey.of(Protocol.UDP, InetAddresses.parse("203.0.113.10"), 53);
        List<VirtualService> asks = List.of(
                VirtualService.of(WEB, "wlc", List.of()),
                new VirtualService(udp, "rr", Set.of(), 300, 32, false, List.of()),
                new VirtualService(ServiceKey.of(Protocol.UDP, InetAddresses.parse("203.0.113.11"), 53), "rr",
                        Set.of(), 0, 32, true, List.of()),
                VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse("203.0.113.12"), 80), "rr",
                        List.of(rs("198.51.100.1", 80, Forwarding.TUN, 1))),
                VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse("203.0.113.13"), 80), "rr",
                        List.of(new RealServer(InetAddresses.parse("198.51.100.1"), 80, Forwarding.NAT, 1, 10, 0,
                                null))),
                VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse("203.0.113.14"), 80), "rr",
                        List.of(rs("198.51.100.1", 80, Forwarding.NAT, 1), rs("198.51.100.2", 80, Forwarding.DR, 1))),
                VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse("203.0.113.15"), 80), "rr",
                        List.of(rs("198.51.100.2", 80, Forwarding.DR, 1))),
                VirtualService.of(ServiceKey.fwmark(AddressFamily.INET, 3), "rr",
                        List.of(rs("198.51.100.2", 8080, Forwarding.NAT, 1))),
                VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse("203.0.113.16"), 80), "mh",
                        List.of(rs("198.51.100.2", 80, Forwarding.NAT, 1))));
        List<String> l = NftRuleset.limitations(new DatapathState(asks), NftOptions.defaults());
        assertThat(l).hasSize(8);
        assertThat(l.get(0)).isEqualTo("TCP 203.0.113.10:80: scheduler wlc needs connection counts, which the nftables"
                + " datapath does not have (it offers rr, wrr, sh, mh, dh, fo; use the ipvs datapath)");
        assertThat(l.get(1)).contains("persistence_timeout");
        assertThat(l.get(2)).contains("one-packet");
        assertThat(l.get(3)).contains("lb_kind TUN");
        assertThat(l.get(4)).contains("thresholds");
        assertThat(l.get(5)).contains("one forwarding method per virtual service");
        assertThat(l.get(6)).contains("DR on nftables needs the director's input interface");
        assertThat(l.get(7)).contains("fwmark service");
    }
}
