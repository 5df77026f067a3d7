package io.vigil.kernel.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.guard.LoopGuardPlan;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.Datapath.Read;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.nft.NftPacketMarks;
import io.vigil.kernel.testing.LoopLab;
import io.vigil.kernel.testing.Timing;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seeds' master/backup loop on kernel IPVS, inside the VM ({@link LoopLab}: two directors that are also the real
 * servers of a DR service, the VIP on lo of both, the same IPVS service on both, as keepalived keeps it on the
 * backup). Reproduced first: d1 balances a connection to d2, d2's IPVS balances it again, back to d1, whose
 * connection entry sends it to d2 again, and so on until the packet's TTL runs out (IPVS decrements it when it
 * forwards); every retransmission does the same, so the connection is never served. Then vigil's mark rules: each director balances only packets that do not come from the other
 * director's MAC, so each connection is served once and nothing comes back.
 */
@Tag("vm")
class IpvsLoopVmIT {

    static DatapathState table() {
        return new DatapathState(List.of(VirtualService.of(LoopLab.WEB, "rr", LoopLab.directors(1, 1))));
    }

    @Test
    void withoutTheMarkRulesConnectionsBounceBetweenTheDirectorsAndWithThemEachIsServedOnce() throws Exception {
        Map<String, IpvsDatapath> datapaths = new HashMap<>();
        Map<String, NftPacketMarks> marks = new HashMap<>();
        try (LoopLab lab = LoopLab.create()) {
            for (String d : List.of("d1", "d2")) {
                // the connections of a deleted service die with it (else the loop's entries would keep it going)
                lab.lab().exec(d, "sysctl", "-qw", "net.ipv4.vs.expire_nodest_conn=1");
                datapaths.put(d, NetNamespace.call(lab.ns(d), IpvsDatapath::open));
                marks.put(d, NftPacketMarks.open("vigil", NftPacketMarks.Hook.PREROUTING,
                        NetNamespace.path(lab.ns(d))));
                assertThat(datapaths.get(d).apply(table()).ok()).isTrue();
            }
            lab.resetCounters();
            // rr on both: d1 alternates between itself and d2, d2 between itself and d1; within four connections
            // d2 gives one back
            int attempts = 0;
            while (lab.fromPeer("d1") == 0 && attempts < 4) {
                attempts++;
                lab.ask(0, 500);
            }
            assertThat(lab.fromPeer("d1")).as("packets back to d1 from d2 after %d connections", attempts)
                    .isPositive();
            // its SYN bounces until the TTL (64) runs out: 32 round trips
            await().atMost(Timing.seconds(20)).until(() -> lab.fromPeer("d1") >= 30);
            long bounces = lab.fromPeer("d1");
            System.out.printf("IPVS, no mark rules: connection %d loops between the directors; its SYN came back to"
                    + " d1 from d2 %d times%n", attempts, bounces);

            LoopGuardPlan plan = LoopGuardPlan.of(LoopLab.config("rr", 1, 1), a -> false);
            for (String d : List.of("d1", "d2")) {
                LoopGuardPlan own = LoopGuardPlan.of(LoopLab.config("rr", 1, 1), LoopLab.local(d)::contains);
                assertThat(own.guarded()).hasSize(1);
                MacAddress peer = lab.mac(LoopLab.peer(d));
                marks.get(d).apply(own.rules(instance -> List.of(peer)), Read.CACHED);
                assertThat(datapaths.get(d).apply(own.guard(table())).ok()).isTrue();
            }
            assertThat(plan.isEmpty()).as("a director that is not a real server guards nothing").isTrue();
            assertThat(lab.lab().exec("d1", "ipvsadm", "-Ln")).contains("FWM  " + (LoopGuardPlan.of(LoopLab.config("rr", 1, 1),
                    LoopLab.local("d1")::contains).guarded().get(0).mark()));
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Timing.seconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> last.getAndSet(lab.fromPeer("d1")) == lab.fromPeer("d1"));
            lab.resetCounters();

            Map<String, Integer> served = new HashMap<>();
            int connections = 20;
            for (int i = 0; i < connections; i++) {
                served.merge(lab.ask(0, 3000), 1, Integer::sum);
            }
            assertThat(served).as("rr over the two directors, each connection answered once")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("d1", 10, "d2", 10));
            assertThat(lab.fromPeer("d1")).as("nothing came back from d2").isZero();
            long forwarded = lab.fromPeer("d2");
            assertThat(forwarded).as("d2 got its ten connections from d1, once").isBetween(30L, 200L);
            System.out.printf("IPVS with vigil's mark rules: %d connections served once (%s), 0 packets back to"
                    + " d1, %d forwarded to d2%n", connections, served, forwarded);
        } finally {
            datapaths.values().forEach(IpvsDatapath::close);
            marks.values().forEach(NftPacketMarks::close);
        }
    }
}
