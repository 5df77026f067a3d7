package io.vigil.kernel.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.ApplyResult;
import io.vigil.core.port.ApplyResult.Kind;
import io.vigil.core.port.Datapath.Read;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.testing.Ipvsadm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reconcile against the kernel's IPVS: only the difference is sent, drift is found and repaired, others' are kept. */
@Tag("vm")
class IpvsDatapathVmIT {

    static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.1"), 80);
    static final ServiceKey DNS = ServiceKey.of(Protocol.UDP, InetAddresses.parse("192.0.2.1"), 53);

    private IpvsDatapath datapath;

    @BeforeEach
    void open() throws Exception {
        Ipvsadm.clear();
        datapath = IpvsDatapath.open();
    }

    @AfterEach
    void close() {
        datapath.close();
        Ipvsadm.clear();
    }

    static RealServer rs(int last, int weight) {
        return RealServer.of(InetAddresses.parse("198.51.100." + last), 80, Forwarding.DR, weight);
    }

    static DatapathState desired(int... weights) {
        List<RealServer> servers = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            servers.add(rs(i + 1, weights[i]));
        }
        return new DatapathState(List.of(VirtualService.of(WEB, "wrr", servers),
                VirtualService.of(DNS, "rr", List.of(rs(1, 1)))));
    }

    @Test
    void applyingTwiceSendsNothingTheSecondTime() throws Exception {
        ApplyResult first = datapath.apply(desired(1, 2, 3));
        assertThat(first.ok()).isTrue();
        assertThat(first.count(Kind.ADD_SERVICE)).isEqualTo(2);
        assertThat(first.count(Kind.ADD_REAL_SERVER)).isEqualTo(4);
        long sends = datapath.table().socket().sendCalls();
        assertThat(datapath.apply(desired(1, 2, 3)).changes()).isEmpty();
        assertThat(datapath.table().socket().sendCalls()).isEqualTo(sends);
        ApplyResult verified = datapath.apply(desired(1, 2, 3), Read.KERNEL);
        assertThat(verified.changes()).isEmpty();
        assertThat(verified.drift()).isEmpty();
        assertThat(Ipvsadm.run("-Ln")).contains("TCP  192.0.2.1:80 wrr\n  -> 198.51.100.1:80              Route   1 ");
    }

    @Test
    void aWeightChangeIsOneRequestAndInhibitKeepsTheServer() throws Exception {
        datapath.apply(desired(1, 2, 3));
        long sends = datapath.table().socket().sendCalls();
        ApplyResult r = datapath.apply(desired(0, 2, 3));
        assertThat(r.changes()).extracting(Object::toString)
                .containsExactly("EDIT_REAL_SERVER TCP 192.0.2.1:80 -> 198.51.100.1:80 DR w0");
        assertThat(datapath.table().socket().sendCalls() - sends).isEqualTo(1);
        assertThat(Ipvsadm.run("-Ln")).contains("  -> 198.51.100.1:80              Route   0 ");
        r = datapath.apply(desired(2, 3));
        assertThat(r.changes()).extracting(Object::toString).containsExactly(
                "EDIT_REAL_SERVER TCP 192.0.2.1:80 -> 198.51.100.1:80 DR w2",
                "EDIT_REAL_SERVER TCP 192.0.2.1:80 -> 198.51.100.2:80 DR w3",
                "DELETE_REAL_SERVER TCP 192.0.2.1:80 -> 198.51.100.3:80");
        assertThat(Ipvsadm.run("-Ln")).doesNotContain("198.51.100.3");
    }

    @Test
    void driftBehindVigilsBackIsFoundCountedAndRepaired() throws Exception {
        datapath.apply(desired(1, 2, 3));
        Ipvsadm.run("-e", "-t", "192.0.2.1:80", "-r", "198.51.100.1", "-g", "-w", "9");
        Ipvsadm.run("-d", "-t", "192.0.2.1:80", "-r", "198.51.100.2");
        Ipvsadm.run("-a", "-t", "192.0.2.1:80", "-r", "198.51.100.7", "-g");
        Ipvsadm.run("-D", "-u", "192.0.2.1:53");
        String expected = Ipvsadm.run("-Ln");
        ApplyResult r = datapath.apply(desired(1, 2, 3), Read.KERNEL);
        assertThat(r.drift()).containsExactlyInAnyOrder(
                "TCP 192.0.2.1:80 -> 198.51.100.1:80: 198.51.100.1:80 DR w1 expected, 198.51.100.1:80 DR w9 found",
                "TCP 192.0.2.1:80 -> 198.51.100.2:80: real server missing",
                "TCP 192.0.2.1:80 -> 198.51.100.7:80: real server added",
                "UDP 192.0.2.1:53: service missing");
        assertThat(datapath.driftCount()).isEqualTo(4);
        assertThat(r.changes()).hasSize(5); // edit .1, add .2, delete .7, add DNS and its server
        assertThat(expected).isNotEqualTo(Ipvsadm.run("-Ln"));
        for (VirtualService want : desired(1, 2, 3).services()) {
            VirtualService got = datapath.read().service(want.key());
            assertThat(got.sameSettings(want)).isTrue();
            assertThat(got.sortedRealServers()).isEqualTo(want.sortedRealServers());
        }
        assertThat(datapath.apply(desired(1, 2, 3), Read.KERNEL).changes()).isEmpty();
    }

    @Test
    void aCachedApplyThatFindsTheTableMovedReadsItAndRepairs() throws Exception {
        datapath.apply(desired(1, 2, 3));
        Ipvsadm.run("-D", "-t", "192.0.2.1:80");
        ApplyResult r = datapath.apply(desired(5, 2, 3)); // the edit of .1 meets ESRCH: the table moved
        assertThat(r.ok()).isTrue();
        assertThat(r.drift()).contains("TCP 192.0.2.1:80: service missing");
        assertThat(r.count(Kind.ADD_SERVICE)).isEqualTo(1);
        assertThat(Ipvsadm.run("-Ln")).contains("  -> 198.51.100.1:80              Route   5 ");
    }

    @Test
    void servicesOfOtherOwnersAreNotTouchedUnlessTheTableIsOwned() throws Exception {
        Ipvsadm.run("-A", "-t", "203.0.113.9:22", "-s", "rr");
        datapath.apply(desired(1));
        datapath.apply(DatapathState.EMPTY, Read.KERNEL); // vigil withdraws its own services only
        assertThat(Ipvsadm.run("-Ln")).contains("TCP  203.0.113.9:22 rr").doesNotContain("192.0.2.1");
        assertThat(datapath.read().services()).isEmpty();
        try (IpvsDatapath all = new IpvsDatapath(IpvsTable.open(), IpvsDatapath.Ownership.ALL)) {
            ApplyResult r = all.apply(desired(1));
            assertThat(r.changes()).extracting(Object::toString).contains("DELETE_SERVICE TCP 203.0.113.9:22");
            assertThat(Ipvsadm.run("-Ln")).doesNotContain("203.0.113.9");
        }
    }

    @Test
    void aRefusedChangeIsReportedAndTheOthersAreMade() throws Exception {
        VirtualService bad = VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.5"), 80),
                "nosuch", List.of());
        List<VirtualService> services = new ArrayList<>(desired(1).services());
        services.add(bad);
        ApplyResult r = datapath.apply(new DatapathState(services));
        assertThat(r.failures()).hasSize(1);
        assertThat(r.failures().get(0).reason()).contains("IPVS add service TCP 192.0.2.5:80").contains("ENOENT");
        assertThat(r.count(Kind.ADD_SERVICE)).isEqualTo(2);
        assertThat(Ipvsadm.run("-Ln")).contains("TCP  192.0.2.1:80 wrr");
    }

    @Test
    void aServiceSettingChangeIsAnEditThatKeepsTheRealServers() throws Exception {
        datapath.apply(desired(1, 2));
        VirtualService lc = new VirtualService(WEB, "sh", java.util.Set.of(VirtualService.SchedulerFlag.PORT), 600, 24,
                false, List.of(rs(1, 1), rs(2, 2)));
        ApplyResult r = datapath.apply(new DatapathState(List.of(lc, desired(1).services().get(1))));
        assertThat(r.changes()).extracting(Object::toString).containsExactly("EDIT_SERVICE TCP 192.0.2.1:80 sh");
        assertThat(Ipvsadm.run("-Ln")).contains("TCP  192.0.2.1:80 sh (sh-port) persistent 600 mask 255.255.255.0\n"
                + "  -> 198.51.100.1:80 ");
    }
}
