package io.vigil.kernel.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.guard.LoopGuardPlan;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.Datapath.Read;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.testing.LoopLab;
import io.vigil.kernel.testing.Timing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seeds' master/backup loop on the nftables datapath, reproduced, then ended by the fwmark rule manager
 * ({@link LoopLab}: two directors that are also the real servers of a DR service, the VIP on lo of both, the
 * datapath's rules on both).
 *
 * <p>On nftables a DR service schedules by a hash of the flow (jhash scaled onto ranges sized by weight) with a seed
 * fixed per service, so two directors with the same view of the real servers send a flow to the same server and it
 * cannot come back. It loops when their views differ, which is what happens while the health checks of the two
 * directors disagree (each checks on its own timer) or after a reload on one of them: here d2 weighs d1 2 where d1
 * says 1, so d1 gives the upper half of the hash space to d2 and d2 gives its lower two thirds to d1: the flows in
 * between (a sixth) go from d1 to d2, back to d1, and again, until the packet's TTL runs out (nftables' fwd
 * decrements it, as IPVS does, see IpvsLoopVmIT): such a connection is never served.
 */
@Tag("netns")
class NftLoopIT {

    static LoopLab lab;
    static final Map<String, NftDatapath> datapaths = new HashMap<>();
    static final Map<String, NftPacketMarks> marks = new HashMap<>();

    @BeforeAll
    static void topology() throws Exception {
        lab = LoopLab.create();
        for (String d : List.of("d1", "d2")) {
            Path ns = NetNamespace.path(lab.ns(d));
            datapaths.put(d, NftDatapath.open(NftOptions.dr("eth0", "eth0").withLocalAddresses(LoopLab.local(d)), ns));
            marks.put(d, NftPacketMarks.open("vigil", NftPacketMarks.Hook.INGRESS, ns));
        }
    }

    @AfterAll
    static void teardown() {
        datapaths.values().forEach(NftDatapath::close);
        marks.values().forEach(NftPacketMarks::close);
        if (lab != null) {
            lab.close();
        }
    }

    /** Each director's view: the same service, d2 weighs d1 2. */
    static DatapathState view(String director) {
        return new DatapathState(List.of(VirtualService.of(LoopLab.WEB, "wrr",
                director.equals("d1") ? LoopLab.directors(1, 1) : LoopLab.directors(2, 1))));
    }

    @Test
    void withoutTheMarkRulesAFlowBouncesBetweenTheDirectorsAndWithThemEachConnectionIsServedOnce() throws Exception {
        for (String d : List.of("d1", "d2")) {
            assertThat(datapaths.get(d).apply(view(d)).ok()).isTrue();
        }
        lab.resetCounters();
        // some flows d1 gives to d2 are given back by d2: find one (fixed source ports, so the same one each run)
        int looping = 0;
        for (int port = 41000; port < 41060 && looping == 0; port++) {
            String answer = lab.ask(port, 300);
            if (lab.fromPeer("d1") > 0) {
                looping = port;
                assertThat(answer).as("a looping connection is never served").startsWith("error");
            } else {
                assertThat(answer).isIn("d1", "d2");
            }
        }
        assertThat(looping).as("a flow that loops between the directors").isPositive();
        // its packets bounce until their TTL runs out (nftables' fwd decrements it: 64 hops, 32 round trips)
        await().atMost(Timing.seconds(10)).until(() -> lab.fromPeer("d1") >= 30);
        long bounces = lab.fromPeer("d1");
        System.out.printf("nftables datapath, no mark rules: the flow from source port %d loops; its SYN came back"
                + " to d1 from d2 %d times%n", looping, bounces);

        // vigil's rules: the plan from each director's config, the peer's MAC, the datapath on the mark
        for (String d : List.of("d1", "d2")) {
            LoopGuardPlan plan = LoopGuardPlan.of(d.equals("d1") ? LoopLab.config("wrr", 1, 1)
                    : LoopLab.config("wrr", 2, 1), LoopLab.local(d)::contains);
            assertThat(plan.guarded()).hasSize(1);
            MacAddress peer = lab.mac(LoopLab.peer(d));
            marks.get(d).apply(plan.rules(instance -> List.of(peer)), Read.CACHED);
            assertThat(datapaths.get(d).apply(plan.guard(view(d))).ok()).isTrue();
        }
        // whatever still bounced has stopped
        AtomicLong last = new AtomicLong(-1);
        await().atMost(Timing.seconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> last.getAndSet(lab.fromPeer("d1")) == lab.fromPeer("d1"));
        lab.resetCounters();

        Map<String, Integer> served = new HashMap<>();
        int connections = 60;
        for (int i = 0; i < connections; i++) {
            served.merge(lab.ask(41000 + i, 2000), 1, Integer::sum);
        }
        assertThat(served.keySet()).as("every connection answered by one director").containsExactlyInAnyOrder("d1",
                "d2");
        assertThat(served.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(connections);
        assertThat(lab.ask(looping, 2000)).as("the flow that looped").isIn("d1", "d2");
        assertThat(lab.fromPeer("d1")).as("nothing came back from d2").isZero();
        long forwarded = lab.fromPeer("d2");
        assertThat(forwarded).as("d2 got the connections d1 gave it, once").isPositive()
                .isLessThan(20L * (served.get("d2") + 1));
        System.out.printf("with vigil's mark rules: %d connections served once (%s), 0 packets back to d1,"
                + " %d forwarded to d2%n", connections + 1, served, forwarded);
    }
}
