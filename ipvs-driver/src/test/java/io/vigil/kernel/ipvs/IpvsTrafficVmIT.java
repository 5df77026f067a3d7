package io.vigil.kernel.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.testing.LbLab;
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
 * Kernel IPVS programmed by vigil carrying real TCP connections between network namespaces inside the VM ({@link
 * LbLab}): client -> VIP -> real servers, NAT and DR, spread by weight (wrr is exact per cycle), a removed or
 * inhibited server gets no new connections.
 */
@Tag("vm")
class IpvsTrafficVmIT {

    static final ServiceKey NAT = ServiceKey.of(Protocol.TCP, InetAddresses.parse(LbLab.NAT_VIP), 80);
    static final ServiceKey DR = ServiceKey.of(Protocol.TCP, InetAddresses.parse(LbLab.DR_VIP), 80);

    private static LbLab lab;
    private static IpvsDatapath datapath;

    @BeforeAll
    static void topology() throws Exception {
        lab = LbLab.create(3, new int[] {8080}, 2);
        datapath = NetNamespace.call(lab.lb(), IpvsDatapath::open);
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

    @Test
    void natAndDrCarryConnectionsSpreadByWeight() throws Exception {
        assertThat(datapath.apply(new DatapathState(List.of(
                VirtualService.of(NAT, "wrr", List.of(LbLab.nat(1, 1), LbLab.nat(2, 2), LbLab.nat(3, 3))),
                VirtualService.of(DR, "wrr", List.of(LbLab.dr(1, 1), LbLab.dr(2, 3)))))).ok()).isTrue();
        assertThat(lab.spread(LbLab.NAT_VIP, 60))
                .containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 10, "nat2", 20, "nat3", 30));
        assertThat(lab.spread(LbLab.DR_VIP, 40))
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
                    .isEqualTo(lab.lab().exec("lb", "ipvsadm", "-Ln", "--stats"));
        });
    }

    @Test
    void aRemovedOrInhibitedRealServerGetsNoNewConnections() throws Exception {
        datapath.apply(new DatapathState(List.of(
                VirtualService.of(NAT, "wrr", List.of(LbLab.nat(1, 1), LbLab.nat(2, 1))),
                VirtualService.of(DR, "wrr", List.of(LbLab.dr(1, 0), LbLab.dr(2, 1))))));
        assertThat(lab.spread(LbLab.NAT_VIP, 20))
                .containsExactlyInAnyOrderEntriesOf(Map.of("nat1", 10, "nat2", 10));
        assertThat(lab.spread(LbLab.DR_VIP, 10)).containsExactlyInAnyOrderEntriesOf(Map.of("dr2", 10));
    }
}
