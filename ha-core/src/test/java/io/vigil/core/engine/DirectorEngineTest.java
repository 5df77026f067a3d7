package io.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.VigilConfig;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.event.VrrpState;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.VirtualService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The engine as a table: config, VRRP states, health and drains in, desired services, quorums and events out. */
class DirectorEngineTest {

    static final String VS = "[192.0.2.100]:tcp:80";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** A checker that sets the weight ({@code misc_dynamic}). */
    static final String DYNAMIC = "MISC_CHECK {\n misc_path /bin/w\n misc_dynamic\n}";

    /** A virtual server 192.0.2.100:80 with {@code options} and two real servers, each with {@code rsOptions}. */
    static String vs(String options, String rs1Options, String rs2Options) {
        return """
                virtual_server 192.0.2.100 80 {
                  protocol TCP
                  lb_algo rr
                  %s
                  real_server 198.51.100.11 80 {
                    weight 2
                    %s
                    TCP_CHECK {
                      connect_timeout 1
                    }
                  }
                  real_server 198.51.100.12 80 {
                    weight 3
                    %s
                    TCP_CHECK {
                      connect_timeout 1
                    }
                  }
                }
                """.formatted(options, rs1Options, rs2Options);
    }

    static RealServerHealth health(String vs, String rs, boolean up, int weight) {
        String[] f = rs.split(":");
        return new RealServerHealth(vs, InetAddresses.parse(f[0]), Integer.parseInt(f[1]), up, up ? weight : 0, false,
                up ? "OK" : "REFUSED", "", T0);
    }

    static Map<RealServerRef, RealServerHealth> healthOf(RealServerHealth... hs) {
        Map<RealServerRef, RealServerHealth> m = new HashMap<>();
        for (RealServerHealth h : hs) {
            m.put(RealServerRef.of(h), h);
        }
        return m;
    }

    static List<String> services(EngineResult r) {
        return r.desired().services().stream().map(VirtualService::toString).toList();
    }

    record Case(String name, String config, Map<String, VrrpState> instances, List<RealServerHealth> health,
                List<Drain> drains, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Drain drain(String address) {
        return new Drain(InetAddresses.parse(address), null, null, T0);
    }

    static final Map<String, VrrpState> MASTER = Map.of("VI_1", VrrpState.MASTER);
    static final Map<String, VrrpState> BACKUP = Map.of("VI_1", VrrpState.BACKUP);

    static Stream<Case> table() {
        return Stream.of(
                new Case("both up, before any check", vs("", "", ""), BACKUP, List.of(), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w3]")),
                new Case("the same on the master: keepalived keeps the rules on the backup", vs("", "", ""), MASTER,
                        List.of(), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w3]")),
                new Case("a server down is removed", vs("", "", ""), BACKUP,
                        List.of(health(VS, "198.51.100.11:80", false, 0)), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.12:80 NAT w3]")),
                new Case("inhibit_on_failure keeps it with weight 0", vs("", "inhibit_on_failure", ""), BACKUP,
                        List.of(health(VS, "198.51.100.11:80", false, 0)), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w0, 198.51.100.12:80 NAT w3]")),
                new Case("inhibit_on_failure on the virtual server applies to its real servers",
                        vs("inhibit_on_failure", "", ""), BACKUP,
                        List.of(health(VS, "198.51.100.12:80", false, 0)), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w0]")),
                new Case("a dynamic weight from the checks", vs("", "", DYNAMIC), BACKUP,
                        List.of(health(VS, "198.51.100.12:80", true, 7), health(VS, "198.51.100.11:80", true, 9)),
                        List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w7]")),
                new Case("alpha: not in the pool before its first good check", vs("alpha", "", ""), BACKUP,
                        List.of(health(VS, "198.51.100.12:80", true, 3)), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.12:80 NAT w3]")),
                new Case("alpha with inhibit_on_failure: in the pool with weight 0",
                        vs("alpha\ninhibit_on_failure", "", ""), BACKUP, List.of(), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w0, 198.51.100.12:80 NAT w0]")),
                new Case("a drained server keeps weight 0", vs("", "", ""), BACKUP, List.of(),
                        List.of(drain("198.51.100.12")),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w0]")),
                new Case("quorum lost: the sorry server alone", vs("quorum 4\nsorry_server 198.51.100.99 8080",
                        "", ""), BACKUP, List.of(health(VS, "198.51.100.12:80", false, 0)), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.99:8080 NAT w1]")),
                new Case("quorum lost: inhibited servers stay at weight 0 beside the sorry server",
                        vs("quorum 4\nsorry_server 198.51.100.99 8080", "inhibit_on_failure", ""), BACKUP,
                        List.of(health(VS, "198.51.100.12:80", false, 0)), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w0, 198.51.100.99:8080 NAT w1]")),
                new Case("quorum up: an inhibited sorry server waits with weight 0",
                        vs("sorry_server 198.51.100.99 8080\nsorry_server_inhibit", "", ""), BACKUP, List.of(),
                        List.of(), List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w3,"
                                + " 198.51.100.99:8080 NAT w0]")),
                new Case("sorry_server_lvs_method", vs("alpha\nsorry_server 198.51.100.99 80\n"
                        + "sorry_server_lvs_method DR", "", ""), BACKUP, List.of(), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.99:80 DR w1]")),
                new Case("quorum lost without a sorry server: the live servers stay", vs("quorum 5", "", ""),
                        BACKUP, List.of(health(VS, "198.51.100.11:80", false, 0)), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.12:80 NAT w3]")),
                new Case("ha_suspend on the backup: not in the datapath", vs("ha_suspend", "", ""), BACKUP,
                        List.of(), List.of(), List.of()),
                new Case("ha_suspend on the master", vs("ha_suspend", "", ""), MASTER, List.of(), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w3]")),
                new Case("persistence, granularity, flags", vs("persistence_timeout 300\n"
                        + "persistence_granularity 255.255.255.0\nlb_algo sh\nsh-port\nsh-fallback", "", ""), BACKUP,
                        List.of(), List.of(), List.of("TCP 192.0.2.100:80 sh [FALLBACK, PORT] persistent 300"
                                + " [198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w3]")),
                new Case("lb_kind DR and thresholds", vs("lb_kind DR", "uthreshold 100\nlthreshold 10", ""), BACKUP,
                        List.of(), List.of(),
                        List.of("TCP 192.0.2.100:80 rr [198.51.100.11:80 DR w2, 198.51.100.12:80 DR w3]")),
                new Case("a group: one service per address of a range, and its fwmark", """
                        virtual_server_group G1 {
                          192.0.2.10-12 80
                          fwmark 5
                        }
                        virtual_server group G1 {
                          protocol TCP
                          lb_algo wrr
                          lb_kind DR
                          real_server 192.0.2.21 {
                            weight 4
                          }
                        }
                        """, BACKUP, List.of(), List.of(), List.of("TCP 192.0.2.10:80 wrr [192.0.2.21:0 DR w4]",
                        "TCP 192.0.2.11:80 wrr [192.0.2.21:0 DR w4]", "TCP 192.0.2.12:80 wrr [192.0.2.21:0 DR w4]",
                        "FWM 5 wrr [192.0.2.21:0 DR w4]")),
                new Case("a fwmark service with ops", """
                        virtual_server fwmark 7 {
                          lb_algo rr
                          ops
                          real_server 198.51.100.11 0 {
                          }
                        }
                        """, BACKUP, List.of(), List.of(), List.of("FWM 7 rr ops [198.51.100.11:0 NAT w1]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void desiredState(Case c) {
        VigilConfig config = Configs.withInstance(c.config());
        EngineResult r = DirectorEngine.compute(new EngineInput(config, c.instances(),
                healthOf(c.health().toArray(RealServerHealth[]::new)), c.drains(), false), EngineMemory.EMPTY);
        assertThat(services(r)).containsExactlyElementsOf(c.expected());
    }

    /** Applies a sequence of health reports, each on the memory of the previous computation. */
    static final class Run {
        final VigilConfig config;
        final Map<RealServerRef, RealServerHealth> health = new HashMap<>();
        final Map<String, VrrpState> instances = new HashMap<>(BACKUP);
        final List<Drain> drains = new ArrayList<>();
        EngineMemory memory = EngineMemory.EMPTY;
        EngineResult last;

        Run(String config) {
            this.config = Configs.withInstance(config);
        }

        EngineResult step(RealServerHealth... hs) {
            for (RealServerHealth h : hs) {
                health.put(RealServerRef.of(h), h);
            }
            last = DirectorEngine.compute(new EngineInput(config, instances, health, drains, false), memory);
            memory = last.memory();
            return last;
        }

        EngineResult stop() {
            last = DirectorEngine.compute(new EngineInput(config, instances, health, drains, true), memory);
            return last;
        }

        boolean quorum() {
            return last.virtualServers().get(0).quorumUp();
        }
    }

    @Test
    void hysteresisKeepsTheQuorumBetweenQuorumMinusAndPlusHysteresis() {
        // weights 2 and 3; quorum 4, hysteresis 1: up from 5, down below 3
        Run run = new Run(vs("quorum 4\nhysteresis 1\nsorry_server 198.51.100.99 80", "", DYNAMIC));
        assertThat(run.step().virtualServers().get(0).liveWeight()).isEqualTo(5);
        assertThat(run.quorum()).isTrue();
        run.step(health(VS, "198.51.100.11:80", false, 0));
        assertThat(run.quorum()).as("3 >= 4 - 1").isTrue();
        assertThat(run.last.events()).extracting(LvsEvent::fifoLine)
                .containsExactly("RS [198.51.100.11]:tcp:80 [192.0.2.100]:tcp:80 DOWN");
        run.step(health(VS, "198.51.100.12:80", true, 2));
        assertThat(run.quorum()).as("2 < 3").isFalse();
        assertThat(services(run.last)).containsExactly("TCP 192.0.2.100:80 rr [198.51.100.99:80 NAT w1]");
        assertThat(run.last.events()).extracting(LvsEvent::fifoLine).containsExactly("VS [192.0.2.100]:tcp:80 DOWN");
        run.step(health(VS, "198.51.100.12:80", true, 4));
        assertThat(run.quorum()).as("4 < 4 + 1").isFalse();
        run.step(health(VS, "198.51.100.11:80", true, 2));
        assertThat(run.quorum()).as("6 >= 5").isTrue();
        assertThat(services(run.last)).containsExactly(
                "TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w4]");
        assertThat(run.last.events()).extracting(LvsEvent::fifoLine).containsExactly(
                "RS [198.51.100.11]:tcp:80 [192.0.2.100]:tcp:80 UP", "VS [192.0.2.100]:tcp:80 UP");
    }

    @Test
    void aDrainedServerCountsNothingTowardsTheQuorum() {
        Run run = new Run(vs("quorum 3\nsorry_server 198.51.100.99 80", "", ""));
        run.step();
        assertThat(run.quorum()).isTrue();
        run.drains.add(drain("198.51.100.12"));
        run.step();
        assertThat(run.quorum()).isFalse();
        assertThat(run.last.events()).as("a drain is not a health change").extracting(LvsEvent::fifoLine)
                .containsExactly("VS [192.0.2.100]:tcp:80 DOWN");
    }

    @Test
    void notifyScriptsRunOnChangesAndAtStartOnlyWithRsInitNotifies() {
        String rs1 = "notify_up \"/bin/up 11\"\nnotify_down \"/bin/down 11\"";
        Run quiet = new Run(vs("quorum_up /bin/qup\nquorum_down /bin/qdown", rs1, ""));
        assertThat(quiet.step().events()).isEmpty();
        EngineResult down = quiet.step(health(VS, "198.51.100.11:80", false, 0));
        assertThat(down.events()).singleElement().satisfies(e -> {
            assertThat(e).isInstanceOf(LvsEvent.RealServerChanged.class);
            assertThat(e.script().command()).isEqualTo("/bin/down 11");
        });
        assertThat(quiet.step(health(VS, "198.51.100.11:80", false, 0)).events()).as("no change, no event").isEmpty();

        Run loud = new Run(vs("", rs1, "") + "\nglobal_defs {\n rs_init_notifies\n}\n");
        assertThat(loud.step().events()).extracting(LvsEvent::fifoLine).containsExactly(
                "RS [198.51.100.11]:tcp:80 [192.0.2.100]:tcp:80 UP", "RS [198.51.100.12]:tcp:80 [192.0.2.100]:tcp:80 UP");
        assertThat(loud.last.events().get(0).script().command()).isEqualTo("/bin/up 11");
    }

    @Test
    void atStartALostQuorumIsToldOnlyWhenASorryServerTakesOver() {
        Run plain = new Run(vs("alpha", "", ""));
        assertThat(plain.step().events()).isEmpty();
        assertThat(plain.quorum()).isFalse();
        EngineResult sorry = new Run(vs("alpha\nsorry_server 198.51.100.99 80\nquorum_down /bin/qd", "", ""))
                .step();
        assertThat(sorry.events()).singleElement().satisfies(e -> {
            assertThat(e.fifoLine()).isEqualTo("VS [192.0.2.100]:tcp:80 DOWN");
            assertThat(e.script().command()).isEqualTo("/bin/qd");
        });
    }

    @Test
    void omegaNotifiesTheLiveServersAndTheQuorumAsDownAtStop() {
        Run omega = new Run(vs("omega\nquorum_down /bin/qd", "notify_down /bin/d11", ""));
        omega.step(health(VS, "198.51.100.12:80", false, 0));
        EngineResult stop = omega.stop();
        assertThat(stop.desired().services()).isEmpty();
        assertThat(stop.events()).extracting(LvsEvent::fifoLine).containsExactly(
                "RS [198.51.100.11]:tcp:80 [192.0.2.100]:tcp:80 DOWN", "VS [192.0.2.100]:tcp:80 DOWN");
        Run plain = new Run(vs("", "", ""));
        plain.step();
        assertThat(plain.stop().events()).isEmpty();
    }

    @Test
    void haSuspendFollowsTheInstanceHoldingTheVip() {
        Run run = new Run(vs("ha_suspend", "", ""));
        assertThat(run.step().desired().services()).isEmpty();
        assertThat(run.last.virtualServers().get(0).suspended()).hasSize(1);
        run.instances.put("VI_1", VrrpState.MASTER);
        assertThat(run.step().desired().services()).hasSize(1);
        run.instances.put("VI_1", VrrpState.FAULT);
        assertThat(run.step().desired().services()).isEmpty();
    }

    @Test
    void haSuspendOnAnAddressNoInstanceHoldsIsNotSuspendedAndSaysSo() {
        EngineResult r = new Run("""
                virtual_server 203.0.113.5 80 {
                  protocol TCP
                  ha_suspend
                  real_server 198.51.100.11 80 {
                  }
                }
                """).step();
        assertThat(r.desired().services()).hasSize(1);
        assertThat(r.problems()).singleElement().asString().contains("no vrrp_instance holds 203.0.113.5");
    }

    @Test
    void aDrainOfOneVirtualServerLeavesTheOthersAlone() {
        Run run = new Run(vs("", "", "") + """
                virtual_server 192.0.2.100 443 {
                  protocol TCP
                  lb_algo rr
                  real_server 198.51.100.11 443 {
                  }
                }
                """);
        run.drains.add(new Drain(InetAddresses.parse("198.51.100.11"), null, VS, T0));
        assertThat(services(run.step())).containsExactly(
                "TCP 192.0.2.100:80 rr [198.51.100.11:80 NAT w0, 198.51.100.12:80 NAT w3]",
                "TCP 192.0.2.100:443 rr [198.51.100.11:443 NAT w1]");
    }

    @Test
    void aServiceDefinedTwiceThroughAGroupIsLeftOutAndNamed() {
        EngineResult r = new Run("""
                virtual_server_group G1 {
                  192.0.2.100 80
                }
                virtual_server group G1 {
                  protocol TCP
                  real_server 198.51.100.11 80 {
                  }
                }
                virtual_server 192.0.2.100 80 {
                  protocol TCP
                  real_server 198.51.100.12 80 {
                  }
                }
                """).step();
        assertThat(services(r)).containsExactly("TCP 192.0.2.100:80 wlc [198.51.100.11:80 NAT w1]");
        assertThat(r.problems()).singleElement().asString().contains("already defined");
    }

    @Test
    void persistenceGranularityAsNetmaskOrPrefixLength() {
        assertThat(DirectorEngine.prefix("255.255.255.0", io.vigil.core.net.AddressFamily.INET)).isEqualTo(24);
        assertThat(DirectorEngine.prefix("255.255.0.0", io.vigil.core.net.AddressFamily.INET)).isEqualTo(16);
        assertThat(DirectorEngine.prefix("64", io.vigil.core.net.AddressFamily.INET6)).isEqualTo(64);
        assertThat(DirectorEngine.prefix(null, io.vigil.core.net.AddressFamily.INET6)).isEqualTo(128);
    }
}
