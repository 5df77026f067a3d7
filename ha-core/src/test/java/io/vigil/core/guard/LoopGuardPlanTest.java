package io.vigil.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.MarkRule;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which services the loop guard takes, their marks, the datapath state it makes and the rules, from config text. */
class LoopGuardPlanTest {

    @TempDir
    Path dir;

    static final ServiceKey WEB = ServiceKey.of(ServiceKey.Protocol.TCP, InetAddresses.parse("192.0.2.100"), 80);
    static final ServiceKey DNS = ServiceKey.of(ServiceKey.Protocol.UDP, InetAddresses.parse("192.0.2.100"), 53);
    static final ServiceKey NAT = ServiceKey.of(ServiceKey.Protocol.TCP, InetAddresses.parse("192.0.2.101"), 80);
    static final MacAddress PEER = MacAddress.parse("02:00:00:00:00:02");

    /** Two directors, 192.0.2.1 and .2, both real servers of the DR services on VIP .100 (VI_1, on eth0). */
    static final String PAIR = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    192.0.2.100/24
                    192.0.2.101/24 dev eth1
                }
            }
            virtual_server 192.0.2.100 80 {
                protocol TCP
                lb_kind DR
                real_server 192.0.2.1 80 {
                }
                real_server 192.0.2.2 80 {
                }
            }
            virtual_server 192.0.2.100 53 {
                protocol UDP
                lb_kind DR
                real_server 192.0.2.1 53 {
                }
                real_server 192.0.2.2 53 {
                }
            }
            virtual_server 192.0.2.101 80 {
                protocol TCP
                lb_kind NAT
                real_server 192.0.2.1 8080 {
                }
            }
            virtual_server fwmark 7 {
                lb_kind DR
                real_server 192.0.2.1 80 {
                }
            }
            """;

    VigilConfig load(String text) throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, text);
        return ConfigLoader.load(f, new LoadOptions("x")).orThrow();
    }

    static Predicate<InetAddress> local(String... addresses) {
        Set<InetAddress> s = new java.util.HashSet<>();
        for (String a : addresses) {
            s.add(InetAddresses.parse(a));
        }
        return s::contains;
    }

    @Test
    void autoGuardsTheDrServicesWhoseRealServersIncludeThisDirectorNotNatNorFwmark() throws Exception {
        LoopGuardPlan plan = LoopGuardPlan.of(load(PAIR), local("192.0.2.1", "127.0.0.1"));
        assertThat(plan.guarded()).extracting(LoopGuardPlan.Guarded::service).containsExactly(WEB, DNS);
        LoopGuardPlan.Guarded web = plan.guarded(WEB);
        assertThat(web.instance()).isEqualTo("VI_1");
        assertThat(web.inputInterface()).isEqualTo("eth0");
        assertThat(web.reason()).isEqualTo("real server 192.0.2.1 is this director");
        assertThat(web.mark()).isNotEqualTo(plan.guarded(DNS).mark());
        assertThat(web.mark() & 0xffff0000).isEqualTo(LoopGuardPlan.MARK_BASE);
        assertThat(plan.notes()).isEmpty();
        // a director that is not among the real servers guards nothing
        assertThat(LoopGuardPlan.of(load(PAIR), local("192.0.2.9")).isEmpty()).isTrue();
    }

    @Test
    void marksAreStableAcrossReloadsAndAvoidTheConfigsOwnFwmarks() throws Exception {
        LoopGuardPlan a = LoopGuardPlan.of(load(PAIR), local("192.0.2.1"));
        LoopGuardPlan b = LoopGuardPlan.of(load(PAIR.replace("virtual_server 192.0.2.100 53", "virtual_server"
                + " 192.0.2.100 5353")), local("192.0.2.1"));
        assertThat(b.guarded(WEB).mark()).isEqualTo(a.guarded(WEB).mark());
        int taken = a.guarded(WEB).mark();
        LoopGuardPlan c = LoopGuardPlan.of(load(PAIR.replace("fwmark 7", "fwmark " + taken)), local("192.0.2.1"));
        assertThat(c.guarded(WEB).mark()).isNotEqualTo(taken).isEqualTo(taken + 1);
    }

    @Test
    void onOffAndTheGlobalDefaultDecideAndNotesExplainWhatIsNotGuarded() throws Exception {
        String conf = PAIR.replace("virtual_router_id 51", "virtual_router_id 51\n vigil_peer_mac 02:00:00:00:00:02")
                .replace("lb_kind NAT", "lb_kind NAT\n vigil_loop_guard on")
                .replace("virtual_server fwmark 7 {", "virtual_server fwmark 7 {\n vigil_loop_guard on")
                .replace("protocol UDP", "protocol UDP\n vigil_loop_guard off");
        LoopGuardPlan plan = LoopGuardPlan.of(load(conf), local());
        assertThat(plan.guarded()).extracting(LoopGuardPlan.Guarded::service).containsExactly(NAT);
        assertThat(plan.guarded(NAT).inputInterface()).as("the VIP's dev").isEqualTo("eth1");
        assertThat(plan.guarded(NAT).configuredPeers()).containsExactly(PEER);
        assertThat(plan.notes()).containsExactly(
                "[192.0.2.101]:tcp:80: guarded though it has no DR or TUN real server (NAT does not loop)",
                "FWM 7: not guarded against the director loop: a fwmark service is marked by its own rules");
        assertThat(LoopGuardPlan.of(load("global_defs {\n vigil_loop_guard off\n}\n" + PAIR), local("192.0.2.1"))
                .isEmpty()).isTrue();
    }

    @Test
    void theDatapathBalancesGuardedServicesOnTheirMarkWithTheSameSettingsAndServers() throws Exception {
        LoopGuardPlan plan = LoopGuardPlan.of(load(PAIR), local("192.0.2.1"));
        List<RealServer> reals = List.of(
                RealServer.of(InetAddresses.parse("192.0.2.1"), 80, RealServer.Forwarding.DR, 1),
                RealServer.of(InetAddresses.parse("192.0.2.2"), 80, RealServer.Forwarding.DR, 2));
        VirtualService web = new VirtualService(WEB, "wlc", Set.of(), 300, 24, false, reals);
        VirtualService nat = VirtualService.of(NAT, "rr", List.of(
                RealServer.of(InetAddresses.parse("192.0.2.1"), 8080, RealServer.Forwarding.NAT, 1)));
        DatapathState guarded = plan.guard(new DatapathState(List.of(web, nat)));
        ServiceKey mark = ServiceKey.fwmark(AddressFamily.INET, plan.guarded(WEB).mark());
        assertThat(guarded.services()).containsExactly(
                new VirtualService(mark, "wlc", Set.of(), 300, 24, false, reals), nat);
        assertThat(LoopGuardPlan.NONE.guard(guarded)).isSameAs(guarded);
    }

    @Test
    void rulesTakeConfiguredPeersElseTheLearnedOnesOfTheVipsInstance() throws Exception {
        LoopGuardPlan plan = LoopGuardPlan.of(load(PAIR), local("192.0.2.1"));
        assertThat(plan.rules(i -> List.of())).containsExactly(
                new MarkRule(WEB, plan.guarded(WEB).mark(), List.of(), "eth0"),
                new MarkRule(DNS, plan.guarded(DNS).mark(), List.of(), "eth0"));
        Map<String, List<MacAddress>> learned = Map.of("VI_1", List.of(PEER));
        assertThat(plan.rules(i -> learned.getOrDefault(i, List.of())))
                .allSatisfy(r -> assertThat(r.notFrom()).containsExactly(PEER));
        MacAddress configured = MacAddress.parse("02:00:00:00:00:99");
        LoopGuardPlan fixed = LoopGuardPlan.of(load(PAIR.replace("virtual_router_id 51",
                "virtual_router_id 51\n vigil_peer_mac " + configured)), local("192.0.2.1"));
        assertThat(fixed.rules(i -> learned.getOrDefault(i, List.of())))
                .allSatisfy(r -> assertThat(r.notFrom()).as("configured wins").containsExactly(configured));
    }

    @Test
    void aServiceOnAnAddressNoInstanceHoldsTakesTheGlobalPeerOrIsNoted() throws Exception {
        String conf = PAIR.replace("192.0.2.100/24", "192.0.2.200/24");
        LoopGuardPlan plan = LoopGuardPlan.of(load(conf), local("192.0.2.1"));
        assertThat(plan.guarded(WEB).instance()).isNull();
        assertThat(plan.rules(i -> List.of(PEER)).get(0).notFrom()).isEmpty();
        assertThat(plan.notes()).contains("[192.0.2.100]:tcp:80: no vrrp_instance holds 192.0.2.100: its peer can"
                + " only come from vigil_peer_mac in global_defs, which is not set: its packets are all balanced");
        LoopGuardPlan global = LoopGuardPlan.of(load("global_defs {\n vigil_peer_mac " + PEER + "\n}\n" + conf),
                local("192.0.2.1"));
        assertThat(global.rules(i -> List.of()).get(0).notFrom()).containsExactly(PEER);
    }
}
