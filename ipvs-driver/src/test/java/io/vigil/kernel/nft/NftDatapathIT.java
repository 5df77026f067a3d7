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
import io.vigil.core.testing.NetnsLab;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.testing.NameServers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The nftables datapath carrying real TCP connections between network namespaces.
 *
 * <pre>
 *  client 192.0.2.100 ---- front ---- lb eth0 192.0.2.1 (VIPs 203.0.113.10 NAT, .20 DR, .30 fwmark NAT)
 *            |                          lb eth1 198.51.100.1 ---- back ---- nat1..3 198.51.100.11-13 (gw lb)
 *            +-- dr1..2 192.0.2.11-12 (VIP .20 on lo, arp_ignore=1, arp_announce=2): DR replies go straight back
 * </pre>
 */
@Tag("netns")
class NftDatapathIT {

    static final String NAT_VIP = "203.0.113.10";
    static final String DR_VIP = "203.0.113.20";
    static final String MARK_VIP = "203.0.113.30";
    static final ServiceKey NAT = ServiceKey.of(Protocol.TCP, InetAddresses.parse(NAT_VIP), 80);
    static final ServiceKey DR = ServiceKey.of(Protocol.TCP, InetAddresses.parse(DR_VIP), 80);
    static final ServiceKey MARK = ServiceKey.fwmark(AddressFamily.INET, 5);

    private static NetnsLab lab;
    private static NameServers servers;
    private static NftDatapath datapath;
    private static String client;

    @BeforeAll
    static void topology() throws Exception {
        lab = NetnsLab.create();
        lab.addSegment("front");
        lab.addSegment("back");
        client = lab.addHost("client");
        lab.connect("client", "front", "eth0", "192.0.2.100/24");
        lab.exec("client", "ip", "route", "add", "203.0.113.0/24", "via", "192.0.2.1");
        lab.addHost("lb");
        lab.connect("lb", "front", "eth0", "192.0.2.1/24", NAT_VIP + "/32", DR_VIP + "/32", MARK_VIP + "/32");
        lab.connect("lb", "back", "eth1", "198.51.100.1/24");
        lab.exec("lb", "sysctl", "-qw", "net.ipv4.ip_forward=1");
        servers = new NameServers();
        for (int i = 1; i <= 3; i++) {
            String ns = lab.addHost("nat" + i);
            lab.connect("nat" + i, "back", "eth0", "198.51.100.1" + i + "/24");
            lab.exec("nat" + i, "ip", "route", "add", "default", "via", "198.51.100.1");
            servers.start(ns, "nat" + i, 8080);
            servers.start(ns, "nat" + i, 80);
        }
        for (int i = 1; i <= 2; i++) {
            String ns = lab.addHost("dr" + i);
            lab.connect("dr" + i, "front", "eth0", "192.0.2.1" + i + "/24");
            lab.exec("dr" + i, "ip", "addr", "add", DR_VIP + "/32", "dev", "lo");
            lab.exec("dr" + i, "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
            servers.start(ns, "dr" + i, 80);
        }
        // the fwmark rule manager's shape: its own chain beside vigil's, at mangle priority, in vigil's table
        lab.exec("lb", "nft", "add table ip vigil; add chain ip vigil marks { type filter hook prerouting priority"
                + " mangle; policy accept; }; add rule ip vigil marks ip daddr " + MARK_VIP + " tcp dport 80 meta"
                + " mark set 5");
        datapath = NftDatapath.open(NftOptions.dr("eth0", "eth0"), NetNamespace.path(lab.ns("lb")));
    }

    @AfterAll
    static void teardown() {
        if (datapath != null) {
            datapath.close();
        }
        if (servers != null) {
            servers.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    static RealServer nat(int i, int weight) {
        return RealServer.of(InetAddresses.parse("198.51.100.1" + i), 8080, Forwarding.NAT, weight);
    }

    static RealServer dr(int i, int weight) {
        return RealServer.of(InetAddresses.parse("192.0.2.1" + i), 80, Forwarding.DR, weight);
    }

    static DatapathState state(VirtualService... s) {
        return new DatapathState(List.of(s));
    }

    static Map<String, Integer> spread(String vip, int connections) throws Exception {
        return NameServers.spread(client, vip, 80, connections);
    }

    @Test
    void natSpreadsConnectionsByWeightAndARemovedServerGetsNoneNew() throws Exception {
        ApplyResult r = datapath.apply(state(VirtualService.of(NAT, "wrr", List.of(nat(1, 1), nat(2, 2), nat(3, 3)))));
        assertThat(r.ok()).isTrue();
        assertThat(spread(NAT_VIP, 60)).containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 10, "nat2", 20, "nat3", 30));
        datapath.apply(state(VirtualService.of(NAT, "wrr", List.of(nat(1, 1), nat(2, 2)))));
        assertThat(spread(NAT_VIP, 30)).containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 10, "nat2", 20));
        datapath.apply(state(VirtualService.of(NAT, "rr", List.of(nat(1, 0), nat(2, 1), nat(3, 1))))); // .1 inhibited
        assertThat(spread(NAT_VIP, 20)).containsExactlyInAnyOrderEntriesOf(Map.of("nat2", 10, "nat3", 10));
    }

    @Test
    void drForwardsToRealServersHoldingTheVipOnLoAndSpreadsByWeight() throws Exception {
        datapath.apply(state(VirtualService.of(DR, "wrr", List.of(dr(1, 1), dr(2, 3)))));
        Map<String, Integer> seen = spread(DR_VIP, 200);
        assertThat(seen.keySet()).containsExactlyInAnyOrder("dr1", "dr2");
        assertThat(seen.get("dr2")).isGreaterThan(seen.get("dr1") * 3 / 2); // 1:3 by a flow hash: about 50:150
        datapath.apply(state(VirtualService.of(DR, "wrr", List.of(dr(2, 3)))));
        assertThat(spread(DR_VIP, 40)).containsExactlyInAnyOrderEntriesOf(Map.of("dr2", 40));
    }

    @Test
    void aFwmarkServiceTakesThePacketsMarkedByAChainBesideVigils() throws Exception {
        RealServer keepPort1 = RealServer.of(InetAddresses.parse("198.51.100.11"), 0, Forwarding.NAT, 1);
        RealServer keepPort3 = RealServer.of(InetAddresses.parse("198.51.100.13"), 0, Forwarding.NAT, 1);
        datapath.apply(state(VirtualService.of(MARK, "rr", List.of(keepPort1, keepPort3))));
        assertThat(spread(MARK_VIP, 10)).containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 5, "nat3", 5));
        assertThat(lab.exec("lb", "nft", "list", "chain", "ip", "vigil", "marks")).contains("meta mark set 0x00000005");
    }

    @Test
    void driftIsFoundAndRepairedAndUnsupportedServicesAreReported() throws Exception {
        VirtualService web = VirtualService.of(NAT, "wrr", List.of(nat(1, 1), nat(2, 1)));
        VirtualService lc = VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse(NAT_VIP), 81), "lc",
                List.of(nat(1, 1)));
        ApplyResult first = datapath.apply(state(web, lc));
        assertThat(first.failures()).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("scheduler lc needs connection counts"));
        assertThat(datapath.limitations(state(web, lc))).hasSize(1);
        long before = datapath.transactions();
        assertThat(datapath.apply(state(web, lc)).changes()).isEmpty(); // nothing changed, no transaction
        assertThat(datapath.transactions()).isEqualTo(before);
        lab.exec("lb", "nft", "flush", "chain", "ip", "vigil", "lb_nat");
        assertThat(spread(NAT_VIP, 2).keySet()).allMatch(k -> k.startsWith("error"));
        ApplyResult repaired = datapath.apply(state(web, lc), Read.KERNEL);
        assertThat(repaired.drift()).contains("vigil TCP 203.0.113.10:80: rule missing");
        assertThat(datapath.driftCount()).isPositive();
        assertThat(spread(NAT_VIP, 4)).containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 2, "nat2", 2));
        assertThat(datapath.read().services()).containsExactly(web);
        assertThat(datapath.apply(state(web, lc), Read.KERNEL).drift()).isEmpty();
        List<VirtualService> none = new ArrayList<>();
        datapath.apply(new DatapathState(none));
        assertThat(lab.exec("lb", "nft", "list", "chain", "ip", "vigil", "lb_nat")).doesNotContain("dnat");
        assertThat(lab.exec("lb", "nft", "list", "chain", "ip", "vigil", "marks")).contains("meta mark set");
    }
}
