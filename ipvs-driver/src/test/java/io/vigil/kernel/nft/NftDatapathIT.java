package io.vigil.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.ApplyResult;
import io.vigil.core.port.Datapath.Read;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.testing.LbLab;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The nftables datapath carrying real TCP connections between network namespaces ({@link LbLab}): NAT and DR
 * spread by weight, a removed server gets no new connections, a fwmark service takes the packets a chain beside
 * vigil's marks, drift is repaired.
 */
@Tag("netns")
class NftDatapathIT {

    static final String MARK_VIP = "203.0.113.30";
    static final ServiceKey NAT = ServiceKey.of(Protocol.TCP, InetAddresses.parse(LbLab.NAT_VIP), 80);
    static final ServiceKey DR = ServiceKey.of(Protocol.TCP, InetAddresses.parse(LbLab.DR_VIP), 80);
    static final ServiceKey MARK = ServiceKey.fwmark(AddressFamily.INET, 5);

    private static LbLab lab;
    private static NftDatapath datapath;

    @BeforeAll
    static void topology() throws Exception {
        lab = LbLab.create(3, new int[] {8080, 80}, 2, MARK_VIP);
        // the fwmark rule manager's shape: its own chain beside vigil's, at mangle priority, in vigil's table
        lab.lab().exec("lb", "nft", "add table ip vigil; add chain ip vigil marks { type filter hook prerouting"
                + " priority mangle; policy accept; }; add rule ip vigil marks ip daddr " + MARK_VIP + " tcp dport 80"
                + " meta mark set 5");
        datapath = NftDatapath.open(NftOptions.dr("eth0", "eth0"), NetNamespace.path(lab.lb()));
    }

    @AfterAll
    static void teardown() {
        if (datapath != null) {
            datapath.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    static DatapathState state(VirtualService... s) {
        return new DatapathState(List.of(s));
    }

    static Map<String, Integer> spread(String vip, int connections) throws Exception {
        return lab.spread(vip, connections);
    }

    @Test
    void natSpreadsConnectionsByWeightAndARemovedServerGetsNoneNew() throws Exception {
        ApplyResult r = datapath.apply(state(VirtualService.of(NAT, "wrr", List.of(LbLab.nat(1, 1), LbLab.nat(2, 2), LbLab.nat(3, 3)))));
        assertThat(r.ok()).isTrue();
        assertThat(spread(LbLab.NAT_VIP, 60)).containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 10, "nat2", 20, "nat3", 30));
        datapath.apply(state(VirtualService.of(NAT, "wrr", List.of(LbLab.nat(1, 1), LbLab.nat(2, 2)))));
        assertThat(spread(LbLab.NAT_VIP, 30)).containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 10, "nat2", 20));
        datapath.apply(state(VirtualService.of(NAT, "rr", List.of(LbLab.nat(1, 0), LbLab.nat(2, 1), LbLab.nat(3, 1))))); // .1 inhibited
        assertThat(spread(LbLab.NAT_VIP, 20)).containsExactlyInAnyOrderEntriesOf(Map.of("nat2", 10, "nat3", 10));
        datapath.apply(state(VirtualService.of(NAT, "rr", List.of(LbLab.nat(2, 1))))); // one server: no map
        assertThat(spread(LbLab.NAT_VIP, 3)).containsExactlyInAnyOrderEntriesOf(Map.of("nat2", 3));
    }

    @Test
    void drForwardsToRealServersHoldingTheVipOnLoAndSpreadsByWeight() throws Exception {
        datapath.apply(state(VirtualService.of(DR, "wrr", List.of(LbLab.dr(1, 1), LbLab.dr(2, 3)))));
        Map<String, Integer> seen = spread(LbLab.DR_VIP, 200);
        assertThat(seen.keySet()).containsExactlyInAnyOrder("dr1", "dr2");
        assertThat(seen.get("dr2")).isGreaterThan(seen.get("dr1") * 3 / 2); // 1:3 by a flow hash: about 50:150
        datapath.apply(state(VirtualService.of(DR, "wrr", List.of(LbLab.dr(2, 3)))));
        assertThat(spread(LbLab.DR_VIP, 40)).containsExactlyInAnyOrderEntriesOf(Map.of("dr2", 40));
    }

    @Test
    void aFwmarkServiceTakesThePacketsMarkedByAChainBesideVigils() throws Exception {
        RealServer keepPort1 = RealServer.of(InetAddresses.parse("198.51.100.11"), 0, Forwarding.NAT, 1);
        RealServer keepPort3 = RealServer.of(InetAddresses.parse("198.51.100.13"), 0, Forwarding.NAT, 1);
        datapath.apply(state(VirtualService.of(MARK, "rr", List.of(keepPort1, keepPort3))));
        assertThat(spread(MARK_VIP, 10)).containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 5, "nat3", 5));
        assertThat(lab.lab().exec("lb", "nft", "list", "chain", "ip", "vigil", "marks")).contains("meta mark set 0x00000005");
    }

    @Test
    void driftIsFoundAndRepairedAndUnsupportedServicesAreReported() throws Exception {
        VirtualService web = VirtualService.of(NAT, "wrr", List.of(LbLab.nat(1, 1), LbLab.nat(2, 1)));
        VirtualService lc = VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse(LbLab.NAT_VIP), 81), "lc",
                List.of(LbLab.nat(1, 1)));
        ApplyResult first = datapath.apply(state(web, lc));
        assertThat(first.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("scheduler lc needs connection counts"));
        assertThat(datapath.limitations(state(web, lc))).hasSize(1);
        long before = datapath.transactions();
        assertThat(datapath.apply(state(web, lc)).changes()).isEmpty(); // nothing changed, no transaction
        assertThat(datapath.transactions()).isEqualTo(before);
        lab.lab().exec("lb", "nft", "flush", "chain", "ip", "vigil", "lb_nat");
        assertThat(spread(LbLab.NAT_VIP, 2).keySet()).allMatch(k -> k.startsWith("error"));
        ApplyResult repaired = datapath.apply(state(web, lc), Read.KERNEL);
        assertThat(repaired.drift()).contains("vigil TCP 203.0.113.10:80: rule missing");
        assertThat(datapath.driftCount()).isPositive();
        assertThat(spread(LbLab.NAT_VIP, 4)).containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 2, "nat2", 2));
        assertThat(datapath.read().services()).containsExactly(web);
        assertThat(datapath.apply(state(web, lc), Read.KERNEL).drift()).isEmpty();
        List<VirtualService> none = new ArrayList<>();
        datapath.apply(new DatapathState(none));
        assertThat(lab.lab().exec("lb", "nft", "list", "chain", "ip", "vigil", "lb_nat")).doesNotContain("dnat");
        assertThat(lab.lab().exec("lb", "nft", "list", "chain", "ip", "vigil", "marks")).contains("meta mark set");
    }
}
