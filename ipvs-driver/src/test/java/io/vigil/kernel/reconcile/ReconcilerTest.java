package io.vigil.kernel.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The plan is the smallest difference, in a safe order, and never touches what is not owned. */
class ReconcilerTest {

    static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.1"), 80);
    static final ServiceKey DNS = ServiceKey.of(Protocol.UDP, InetAddresses.parse("192.0.2.1"), 53);
    static final ServiceKey OTHER = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.99"), 22);

    static RealServer rs(int last, int weight) {
        return RealServer.of(InetAddresses.parse("198.51.100." + last), 80, Forwarding.DR, weight);
    }

    static VirtualService web(RealServer... servers) {
        return VirtualService.of(WEB, "wrr", List.of(servers));
    }

    static DatapathState state(VirtualService... services) {
        return new DatapathState(List.of(services));
    }

    static List<String> plan(DatapathState desired, DatapathState actual, Set<ServiceKey> owned) {
        return Reconciler.plan(desired, actual, owned::contains).stream().map(op -> op.change().toString()).toList();
    }

    @Test
    void anEmptyTableGetsEveryServiceThenItsRealServers() {
        assertThat(plan(state(web(rs(1, 1), rs(2, 2))), DatapathState.EMPTY, Set.of())).containsExactly(
                "ADD_SERVICE TCP 192.0.2.1:80 wrr",
                "ADD_REAL_SERVER TCP 192.0.2.1:80 -> 198.51.100.1:80 DR w1",
                "ADD_REAL_SERVER TCP 192.0.2.1:80 -> 198.51.100.2:80 DR w2");
    }

    @Test
    void theSameStateTwiceIsNoOperation() {
        DatapathState s = state(web(rs(1, 1), rs(2, 2)), VirtualService.of(DNS, "rr", List.of()));
        assertThat(plan(s, s, Set.of(WEB, DNS))).isEmpty();
    }

    @Test
    void aWeightChangeIsOneEditAndInhibitIsAnEditNotADelete() {
        assertThat(plan(state(web(rs(1, 0), rs(2, 2))), state(web(rs(1, 1), rs(2, 2))), Set.of(WEB)))
                .containsExactly("EDIT_REAL_SERVER TCP 192.0.2.1:80 -> 198.51.100.1:80 DR w0");
    }

    @Test
    void aRemovedRealServerIsDeletedAfterAdditions() {
        assertThat(plan(state(web(rs(2, 2), rs(3, 1))), state(web(rs(1, 1), rs(2, 2))), Set.of(WEB)))
                .containsExactly("ADD_REAL_SERVER TCP 192.0.2.1:80 -> 198.51.100.3:80 DR w1",
                        "DELETE_REAL_SERVER TCP 192.0.2.1:80 -> 198.51.100.1:80");
    }

    @Test
    void aSchedulerChangeIsAnEditInPlace() {
        VirtualService lc = VirtualService.of(WEB, "lc", List.of(rs(1, 1)));
        assertThat(plan(state(lc), state(web(rs(1, 1))), Set.of(WEB))).containsExactly("EDIT_SERVICE TCP 192.0.2.1:80 lc");
    }

    @Test
    void aForwardingOrThresholdChangeIsAnEdit() {
        RealServer nat = new RealServer(InetAddresses.parse("198.51.100.1"), 80, Forwarding.NAT, 1, 10, 5, null);
        assertThat(plan(state(web(nat)), state(web(rs(1, 1))), Set.of(WEB))).hasSize(1).first().asString()
                .startsWith("EDIT_REAL_SERVER");
    }

    @Test
    void servicesOfOtherOwnersAreLeftAlone() {
        VirtualService foreign = VirtualService.of(OTHER, "rr", List.of(rs(9, 1)));
        assertThat(plan(state(web(rs(1, 1))), state(web(rs(1, 1)), foreign), Set.of(WEB))).isEmpty();
        assertThat(plan(state(web(rs(1, 1))), state(web(rs(1, 1)), foreign), Set.of(WEB, OTHER)))
                .containsExactly("DELETE_SERVICE TCP 192.0.2.99:22");
    }

    @Test
    void aDeletedServiceTakesItsRealServersWithIt() {
        assertThat(plan(DatapathState.EMPTY, state(web(rs(1, 1), rs(2, 1))), Set.of(WEB)))
                .containsExactly("DELETE_SERVICE TCP 192.0.2.1:80");
    }

    @Test
    void driftIsDescribedPerDifference() {
        DatapathState expected = state(web(rs(1, 1), rs(2, 2)), VirtualService.of(DNS, "rr", List.of()));
        DatapathState actual = state(VirtualService.of(WEB, "lc", List.of(rs(1, 5), rs(3, 1))));
        assertThat(Reconciler.drift(expected, actual)).containsExactly(
                "TCP 192.0.2.1:80: settings changed (wrr expected, lc found)",
                "TCP 192.0.2.1:80 -> 198.51.100.1:80: 198.51.100.1:80 DR w1 expected, 198.51.100.1:80 DR w5 found",
                "TCP 192.0.2.1:80 -> 198.51.100.2:80: real server missing",
                "TCP 192.0.2.1:80 -> 198.51.100.3:80: real server added",
                "UDP 192.0.2.1:53: service missing");
        assertThat(Reconciler.drift(expected, expected)).isEmpty();
    }
}
