package io.vigil.kernel.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.core.testing.NetnsLab;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.testing.NameServers;
import io.vigil.kernel.testing.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kernel IPVS programmed by vigil carrying real TCP connections between network namespaces inside the VM: client
 * -> VIP -> real servers, NAT and DR, spread by weight (wrr is exact per cycle), a removed server gets no new ones.
 *
 * <pre>
 *  client 192.0.2.100 ---- front ---- lb eth0 192.0.2.1 (VIPs 203.0.113.10 NAT, .20 DR)
 *            |                          lb eth1 198.51.100.1 ---- back ---- nat1..3 198.51.100.11-13 (gw lb)
 *            +-- dr1..2 192.0.2.11-12 (VIP .20 on lo, arp_ignore=1, arp_announce=2)
 * </pre>
 */
@Tag("vm")
class IpvsTrafficVmIT {

    static final String NAT_VIP = "203.0.113.10";
    static final String DR_VIP = "203.0.113.20";
    static final ServiceKey NAT = ServiceKey.of(Protocol.TCP, InetAddresses.parse(NAT_VIP), 80);
    static final ServiceKey DR = ServiceKey.of(Protocol.TCP, InetAddresses.parse(DR_VIP), 80);

    private static NetnsLab lab;
    private static NameServers servers;
    private static IpvsDatapath datapath;
    private static String client;

    @BeforeAll
    static void topology() throws Exception {
        lab = NetnsLab.create();
        lab.addSegment("front");
        lab.addSegment("back");
        client = lab.addHost("client");
        lab.connect("client", "front", "eth0", "192.0.2.100/24");
        lab.exec("client", "ip", "route", "add", "203.0.113.0/24", "via", "192.0.2.1");
        String lb = lab.addHost("lb");
        lab.connect("lb", "front", "eth0", "192.0.2.1/24", NAT_VIP + "/32", DR_VIP + "/32");
        lab.connect("lb", "back", "eth1", "198.51.100.1/24");
        lab.exec("lb", "sysctl", "-qw", "net.ipv4.ip_forward=1");
        servers = new NameServers();
        for (int i = 1; i <= 3; i++) {
            String ns = lab.addHost("nat" + i);
            lab.connect("nat" + i, "back", "eth0", "198.51.100.1" + i + "/24");
            lab.exec("nat" + i, "ip", "route", "add", "default", "via", "198.51.100.1");
            servers.start(ns, "nat" + i, 8080);
        }
        for (int i = 1; i <= 2; i++) {
            String ns = lab.addHost("dr" + i);
            lab.connect("dr" + i, "front", "eth0", "192.0.2.1" + i + "/24");
            lab.exec("dr" + i, "ip", "addr", "add", DR_VIP + "/32", "dev", "lo");
            lab.exec("dr" + i, "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
            servers.start(ns, "dr" + i, 80);
        }
        datapath = NetNamespace.call(lb, IpvsDatapath::open);
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

    @Test
    void natAndDrCarryConnectionsSpreadByWeight() throws Exception {
        assertThat(datapath.apply(new DatapathState(List.of(
                VirtualService.of(NAT, "wrr", List.of(nat(1, 1), nat(2, 2), nat(3, 3))),
                VirtualService.of(DR, "wrr", List.of(dr(1, 1), dr(2, 3)))))).ok()).isTrue();
        assertThat(NameServers.spread(client, NAT_VIP, 80, 60))
                .containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 10, "nat2", 20, "nat3", 30));
        assertThat(NameServers.spread(client, DR_VIP, 80, 40))
                .containsExactlyInAnyOrderEntriesOf(Map.of("dr1", 10, "dr2", 30));
        // the kernel folds its per-CPU counters into the reported ones every 2 s: wait for them, then vigil's
        // listing of the live counters must be ipvsadm's (retried when an estimator tick falls between the reads)
        IpvsTable table = datapath.table();
        Awaitility.await().atMost(Timing.seconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            IpvsDestination busiest = table.services().stream().filter(x -> x.service().key().equals(NAT))
                    .findFirst().orElseThrow().destinations().stream()
                    .filter(d -> d.server().address().equals(InetAddresses.parse("198.51.100.13"))).findFirst()
                    .orElseThrow();
            assertThat(busiest.stats().connections()).isGreaterThanOrEqualTo(30);
            assertThat(busiest.stats().inPackets()).isGreaterThanOrEqualTo(90);
            assertThat(IpvsListing.format(table.info(), table.services(), IpvsListing.Format.STATS))
                    .isEqualTo(lab.exec("lb", "ipvsadm", "-Ln", "--stats"));
        });
    }

    @Test
    void aRemovedOrInhibitedRealServerGetsNoNewConnections() throws Exception {
        datapath.apply(new DatapathState(List.of(
                VirtualService.of(NAT, "wrr", List.of(nat(1, 1), nat(2, 1))),
                VirtualService.of(DR, "wrr", List.of(dr(1, 0), dr(2, 1))))));
        assertThat(NameServers.spread(client, NAT_VIP, 80, 20))
                .containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 10, "nat2", 10));
        assertThat(NameServers.spread(client, DR_VIP, 80, 10)).containsExactlyInAnyOrderEntriesOf(Map.of("dr2", 10));
    }
}
