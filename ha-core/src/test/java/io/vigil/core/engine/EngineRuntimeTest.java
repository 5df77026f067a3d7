package io.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.event.TransitionReason;
import io.vigil.core.event.VrrpState;
import io.vigil.core.event.VrrpTransition;
import io.vigil.core.loop.ManualEventLoop;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.ConnectionCount;
import io.vigil.core.port.Datapath;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine at run time on a manual clock, against an in-memory datapath: no kernel, no sleeps. */
class EngineRuntimeTest {

    static final long S = 1_000_000_000L;
    static final String VS = DirectorEngineTest.VS;
    static final ServiceKey KEY = ServiceKey.of(ServiceKey.Protocol.TCP, InetAddresses.parse("192.0.2.100"), 80);

    final ManualEventLoop loop = new ManualEventLoop(0);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<String> hookCalls = new ArrayList<>();
    @TempDir
    Path dir;

    final EngineRuntime.Hooks hooks = new EngineRuntime.Hooks() {
        @Override
        public List<String> syncDaemons(boolean master, boolean backup) {
            hookCalls.add("daemons master=" + master + " backup=" + backup);
            return List.of();
        }

        @Override
        public void holdPreemption(boolean held) {
            hookCalls.add(held ? "hold" : "release");
        }

        @Override
        public void suspendChecks(java.util.Set<String> virtualServers) {
            hookCalls.add("suspend checks " + virtualServers);
        }
    };

    EngineRuntime runtime(FakeDatapath dp, VigilConfig config, OwnershipFile own) {
        EngineRuntime r = new EngineRuntime(loop, dp, registry, null, own, hooks,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        r.start(config);
        loop.runPending();
        return r;
    }

    static VrrpTransition transition(String instance, VrrpState from, VrrpState to) {
        return new VrrpTransition(instance, 51, "eth0", AddressFamily.INET, from, to,
                TransitionReason.MASTER_DOWN_TIMER, 100, 0, Instant.EPOCH);
    }

    static String weights(FakeDatapath dp) {
        VirtualService s = dp.kernel.get(KEY);
        return s == null ? "absent" : s.realServers().toString();
    }

    double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void startTakesOverTheLeftoversReadsTheKernelAndRecordsWhatItOwns() throws Exception {
        FakeDatapath dp = new FakeDatapath("ipvs");
        ServiceKey stale = ServiceKey.of(ServiceKey.Protocol.TCP, InetAddresses.parse("192.0.2.100"), 8080);
        dp.kernel.put(stale, VirtualService.of(stale, "rr", List.of()));
        OwnershipFile own = new OwnershipFile(dir.resolve("vigil.datapath"));
        own.write(List.of(stale));
        runtime(dp, Configs.withInstance(DirectorEngineTest.vs("", "", "")), own);
        assertThat(dp.adopted).containsExactly(stale);
        assertThat(dp.reads).containsExactly(Datapath.Read.KERNEL);
        assertThat(dp.kernel).containsOnlyKeys(KEY);
        assertThat(Files.readAllLines(own.path())).containsExactly("tcp 192.0.2.100 80");
        assertThat(counter(EngineRuntime.OPERATIONS, "op", "delete_service", "result", "ok")).isEqualTo(1);
        assertThat(counter(EngineRuntime.OPERATIONS, "op", "add_real_server", "result", "ok")).isEqualTo(2);
    }

    @Test
    void aBurstOfChangesIsOneApplyOfTheDifference() {
        FakeDatapath dp = new FakeDatapath("nftables");
        EngineRuntime r = runtime(dp, Configs.withInstance(DirectorEngineTest.vs("", "inhibit_on_failure",
                DirectorEngineTest.DYNAMIC)), null);
        r.health(DirectorEngineTest.health(VS, "198.51.100.11:80", false, 0));
        r.health(DirectorEngineTest.health(VS, "198.51.100.12:80", true, 9));
        r.transition(transition("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        loop.runPending();
        assertThat(dp.applied).hasSize(2);
        assertThat(weights(dp)).isEqualTo("[198.51.100.11:80 NAT w0, 198.51.100.12:80 NAT w9]");
        assertThat(counter(EngineRuntime.OPERATIONS, "kind", "nftables", "op", "edit_real_server", "result", "ok"))
                .isEqualTo(2);
        // the same report again changes nothing and applies nothing
        r.health(DirectorEngineTest.health(VS, "198.51.100.12:80", true, 9));
        loop.runPending();
        assertThat(dp.applied).hasSize(2);
    }

    @Test
    void haSuspendedServicesFollowTheTransitions() {
        FakeDatapath dp = new FakeDatapath("ipvs");
        EngineRuntime r = runtime(dp, Configs.withInstance(DirectorEngineTest.vs("ha_suspend", "", "")), null);
        assertThat(weights(dp)).isEqualTo("absent");
        r.transition(transition("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        loop.runPending();
        assertThat(weights(dp)).isEqualTo("[198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w3]");
        r.transition(transition("VI_1", VrrpState.MASTER, VrrpState.BACKUP));
        loop.runPending();
        assertThat(weights(dp)).isEqualTo("absent");
        // and the health checks of its real servers stop while the address is not here (keepalived's ha_suspend)
        String vs = Configs.withInstance(DirectorEngineTest.vs("ha_suspend", "", "")).virtualServers().get(0)
                .displayName();
        assertThat(hookCalls.stream().filter(c -> c.startsWith("suspend"))).containsExactly(
                "suspend checks [" + vs + "]", "suspend checks []", "suspend checks [" + vs + "]");
    }

    @Test
    void theRepairTimerReadsTheKernelAndCountsTheDrift() {
        FakeDatapath dp = new FakeDatapath("ipvs");
        runtime(dp, Configs.withInstance("global_defs {\n vigil_datapath_repair_interval 5\n}\n"
                + DirectorEngineTest.vs("", "", "")), null);
        loop.advance(5 * S);
        assertThat(dp.reads).containsExactly(Datapath.Read.KERNEL, Datapath.Read.KERNEL);
        assertThat(counter(EngineRuntime.DRIFT)).isZero();
        dp.kernel.remove(KEY);
        loop.advance(5 * S);
        assertThat(counter(EngineRuntime.DRIFT, "kind", "ipvs")).isEqualTo(1);
        assertThat(weights(dp)).isEqualTo("[198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w3]");
    }

    @Test
    void aDrainTheDatapathCannotCountEndsAtOnceAndSaysWhy() {
        FakeDatapath dp = new FakeDatapath("nftables");
        dp.uncounted = "forwarded before connection tracking";
        EngineRuntime r = runtime(dp, Configs.withInstance(DirectorEngineTest.vs("", "", "")), null);
        r.drain("198.51.100.12:80", null);
        loop.runPending();
        assertThat(weights(dp)).isEqualTo("[198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w0]");
        DrainStatus d = r.view().drains().get(0);
        assertThat(d.finished()).isTrue();
        assertThat(d.note()).isEqualTo("forwarded before connection tracking");
        assertThat(d.connectionsAtStart()).as("not counted").isEqualTo(-1);
    }

    @Test
    void aDrainSetsWeightZeroAndFinishesWhenItsConnectionsEnd() {
        FakeDatapath dp = new FakeDatapath("ipvs");
        InetAddresses.parse("198.51.100.12");
        dp.connections = List.of(new ConnectionCount(KEY, InetAddresses.parse("198.51.100.12"), 80, 3, 5, 0),
                new ConnectionCount(KEY, InetAddresses.parse("198.51.100.11"), 80, 7, 0, 0));
        EngineRuntime r = runtime(dp, Configs.withInstance(DirectorEngineTest.vs("", "", "")), null);
        assertThatThrownBy(() -> r.drain("198.51.100.99", null)).hasMessageContaining("no real server");
        assertThatThrownBy(() -> r.drain("198.51.100.12", "192.0.2.100:81")).hasMessageContaining("no virtual server");
        r.drain("198.51.100.12:80", "192.0.2.100:80");
        loop.runPending();
        assertThat(weights(dp)).isEqualTo("[198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w0]");
        DrainStatus d = r.view().drains().get(0);
        assertThat(d.connectionsAtStart()).isEqualTo(3);
        assertThat(d.finished()).isFalse();
        assertThat(d.drain().virtualServer()).isEqualTo(VS);

        dp.connections = List.of(new ConnectionCount(KEY, InetAddresses.parse("198.51.100.12"), 80, 1, 6, 0));
        loop.advance(S);
        assertThat(r.view().drains().get(0).connections()).isEqualTo(1);
        dp.connections = List.of(new ConnectionCount(KEY, InetAddresses.parse("198.51.100.12"), 80, 0, 6, 0));
        loop.advance(S);
        assertThat(r.view().drains().get(0).finished()).isTrue();
        assertThat(weights(dp)).as("drained stays at 0 until undrain").contains("198.51.100.12:80 NAT w0");
        int timers = loop.pendingTimers();
        loop.advance(S);
        assertThat(loop.pendingTimers()).as("no more counting").isLessThanOrEqualTo(timers);

        assertThat(r.undrain("198.51.100.12", null)).hasSize(1);
        loop.runPending();
        assertThat(weights(dp)).isEqualTo("[198.51.100.11:80 NAT w2, 198.51.100.12:80 NAT w3]");
        assertThat(r.view().drains()).isEmpty();
    }

    @Test
    void preemptionWaitsUntilTheSyncedConnectionTableStopsGrowing() {
        FakeDatapath dp = new FakeDatapath("ipvs");
        VigilConfig config = Configs.withInstance("""
                global_defs {
                  lvs_sync_daemon eth0 VI_1 id 5
                  vigil_preempt_after_sync 3
                }
                """ + DirectorEngineTest.vs("", "", ""));
        assertThat(EngineRuntime.holdsPreemptionAtStart(config, "ipvs")).isTrue();
        assertThat(EngineRuntime.holdsPreemptionAtStart(config, "nftables")).isFalse();
        EngineRuntime r = runtime(dp, config, null);
        assertThat(hookCalls).containsExactly("daemons master=false backup=true", "hold");
        assertThat(r.view().preemptionHeld()).isTrue();
        // the backup daemon fills the table for 4 s, then it stays put
        for (int i = 1; i <= 4; i++) {
            dp.connections = List.of(new ConnectionCount(KEY, InetAddresses.parse("198.51.100.11"), 80, 100 * i, 0, 0));
            loop.advance(S);
        }
        assertThat(hookCalls).doesNotContain("release");
        loop.advance(2 * S);
        assertThat(hookCalls).doesNotContain("release");
        loop.advance(S);
        assertThat(hookCalls).endsWith("release");
        assertThat(registry.get(EngineRuntime.PREEMPTION_HELD).gauge().value()).isZero();

        // it preempts: master daemon; losing master again holds preemption again
        r.transition(transition("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        assertThat(hookCalls).endsWith("daemons master=true backup=false");
        r.transition(transition("VI_1", VrrpState.MASTER, VrrpState.BACKUP));
        assertThat(hookCalls).endsWith("daemons master=false backup=true", "hold");
    }

    @Test
    void aTableThatKeepsGrowingIsReleasedAtTheLongestHold() {
        FakeDatapath dp = new FakeDatapath("ipvs");
        runtime(dp, Configs.withInstance("""
                global_defs {
                  lvs_sync_daemon eth0 VI_1
                  vigil_preempt_after_sync 2 max 6
                }
                """ + DirectorEngineTest.vs("", "", "")), null);
        for (int i = 1; i <= 5; i++) {
            dp.connections = List.of(new ConnectionCount(KEY, InetAddresses.parse("198.51.100.11"), 80, i, 0, 0));
            loop.advance(S);
        }
        assertThat(hookCalls).doesNotContain("release");
        dp.connections = List.of(new ConnectionCount(KEY, InetAddresses.parse("198.51.100.11"), 80, 6, 0, 0));
        loop.advance(S);
        assertThat(hookCalls).endsWith("release");
    }

    @Test
    void quorumGaugesAndStopRemovesWhatVigilOwns() throws Exception {
        FakeDatapath dp = new FakeDatapath("ipvs");
        OwnershipFile own = new OwnershipFile(dir.resolve("vigil.datapath"));
        EngineRuntime r = runtime(dp, Configs.withInstance(DirectorEngineTest.vs("quorum 4", "", "")), own);
        assertThat(registry.get(EngineRuntime.QUORUM_UP).tag("virtual_server", VS).gauge().value()).isEqualTo(1);
        r.health(DirectorEngineTest.health(VS, "198.51.100.12:80", false, 0));
        loop.runPending();
        assertThat(registry.get(EngineRuntime.QUORUM_UP).tag("virtual_server", VS).gauge().value()).isZero();
        r.stop();
        assertThat(dp.kernel).isEmpty();
        assertThat(Files.exists(own.path())).isFalse();
    }

    @Test
    void aReloadKeepsTheQuorumAndDropsRemovedVirtualServers() {
        FakeDatapath dp = new FakeDatapath("ipvs");
        EngineRuntime r = runtime(dp, Configs.withInstance(DirectorEngineTest.vs("", "", "")), null);
        r.reload(Configs.withInstance(DirectorEngineTest.vs("", "weight 5", "")));
        loop.runPending();
        assertThat(dp.applied.get(dp.applied.size() - 1).services().get(0).realServers().get(0).weight()).isEqualTo(5);
        assertThat(counter(EngineRuntime.OPERATIONS, "op", "edit_real_server", "result", "ok")).isEqualTo(1);
        r.reload(Configs.withInstance(""));
        loop.runPending();
        assertThat(dp.kernel).isEmpty();
        assertThat(registry.find(EngineRuntime.QUORUM_UP).gauges()).isEmpty();
        assertThat(Set.copyOf(r.view().virtualServers())).isEmpty();
    }

    @Test
    void withoutADatapathQuorumsAndNotificationsStillRun() {
        EngineRuntime r = new EngineRuntime(loop, null, registry, null, null, hooks, Clock.systemUTC());
        r.start(Configs.withInstance(DirectorEngineTest.vs("", "", "")));
        loop.runPending();
        assertThat(r.view().datapath()).isEqualTo("none");
        assertThat(r.view().virtualServers()).singleElement().satisfies(v -> assertThat(v.quorumUp()).isTrue());
        r.drain("198.51.100.11", null);
        loop.runPending();
        assertThat(r.view().drains().get(0).finished()).as("nothing to count: done at once").isTrue();
    }

    @Test
    void ownershipLinesRoundTrip() {
        for (ServiceKey k : List.of(KEY, ServiceKey.fwmark(AddressFamily.INET6, 7),
                ServiceKey.of(ServiceKey.Protocol.UDP, InetAddresses.parse("2001:db8::1"), 53))) {
            assertThat(OwnershipFile.parse(OwnershipFile.format(k))).isEqualTo(k);
        }
        assertThat(OwnershipFile.parse("garbage")).isNull();
    }

    @Test
    void syncCatchUpVerdicts() {
        SyncCatchUp c = new SyncCatchUp(2 * S, 10 * S);
        assertThat(c.sample(0, 5)).isEqualTo(SyncCatchUp.Verdict.IDLE);
        c.start(0);
        assertThat(c.sample(0, 5)).isEqualTo(SyncCatchUp.Verdict.WAITING);
        assertThat(c.sample(S, 4)).isEqualTo(SyncCatchUp.Verdict.WAITING);
        assertThat(c.sample(2 * S, 3)).isEqualTo(SyncCatchUp.Verdict.CAUGHT_UP);
        assertThat(c.active()).isFalse();
        c.start(10 * S);
        assertThat(c.sample(11 * S, 9)).isEqualTo(SyncCatchUp.Verdict.WAITING);
        assertThat(c.sample(12 * S, 9)).as("quiet since the first high, but started only 2 s ago")
                .isEqualTo(SyncCatchUp.Verdict.WAITING);
        assertThat(c.sample(13 * S, 9)).isEqualTo(SyncCatchUp.Verdict.CAUGHT_UP);
        assertThatThrownBy(() -> new SyncCatchUp(2 * S, S)).isInstanceOf(IllegalArgumentException.class);
    }
}
