package io.vigil.vrrp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.config.GarpSettings;
import io.vigil.core.config.GlobalDefs;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.TrackFileConfig;
import io.vigil.core.config.TrackProcessConfig;
import io.vigil.core.config.TrackedInterface;
import io.vigil.core.config.TrackedObject;
import io.vigil.core.config.TrackedScript;
import io.vigil.core.config.VrrpScriptConfig;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpSyncGroupConfig;
import io.vigil.core.config.NotifyScripts;
import io.vigil.core.event.PeerHeard;
import io.vigil.core.event.TrackerState;
import io.vigil.core.event.TransitionReason;
import io.vigil.core.event.VrrpState;
import io.vigil.core.event.VrrpTransition;
import io.vigil.core.loop.ManualEventLoop;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import java.util.ArrayList;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime with its state machine, timers, batching and sync groups, on a simulated segment and a manual
 * clock: exact timings, no sockets, no sleeps.
 */
class VrrpRuntimeTest {

    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    final ManualEventLoop loop = new ManualEventLoop(0);
    final SimulatedLan lan = new SimulatedLan();
    final List<VrrpTransition> transitions = new ArrayList<>();

    static VrrpInstanceConfig.Builder instance(String name, int vrid, int priority, String vip) {
        return VrrpInstanceConfig.builder(name, "eth0", vrid).priority(priority).version(3)
                .family(vip.contains(":") ? AddressFamily.INET6 : AddressFamily.INET)
                .addVirtualAddress(VirtualAddress.of(vip))
                .garp(new GarpSettings(5 * S, 2, 0, 1, 5 * S, 0, 0, 0));
    }

    static VigilConfig config(VrrpInstanceConfig... instances) {
        return new VigilConfig(GlobalDefs.DEFAULTS, List.of(instances), List.of(), SourceLocation.NONE);
    }

    VrrpRuntime runtime(SimulatedLan.Host host, VigilConfig config) throws Exception {
        return runtime(host, config, false);
    }

    /** A runtime started on {@code host}, preemption held from before its start when {@code held}. */
    VrrpRuntime runtime(SimulatedLan.Host host, VigilConfig config, boolean held) throws Exception {
        VrrpRuntime r = new VrrpRuntime(loop, host, new VrrpMetrics(new SimpleMeterRegistry()), null);
        r.addListener(transitions::add);
        r.holdPreemption(held);
        r.start(config);
        loop.runPending();
        return r;
    }

    @Test
    void twoDirectorsElectTheHigherPriorityWhichOwnsTheVipAndAnnouncesIt() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24").build()));
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        // A's Master_Down_Interval: 3 s + (256-150)/256 s = 3.4140625 s; B's is 3.609375 s
        loop.advanceTo(3_414_062_500L - 1);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        loop.advanceTo(3_414_062_500L);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        loop.advance(10 * S);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(a.hasAddress("192.0.2.100")).isTrue();
        assertThat(b.hasAddress("192.0.2.100")).isFalse();
        assertThat(lan.clientArp.get(InetAddresses.parse("192.0.2.100"))).isEqualTo(a.mac);
        assertThat(transitions).filteredOn(t -> t.to() == VrrpState.MASTER).hasSize(1);
        assertThat(rb.view().get(0).masterAddress()).isEqualTo(InetAddresses.parse("192.0.2.1"));
        assertThat(rb.view().get(0).peerMac()).isEqualTo(a.mac);
    }

    @Test
    void whenTheMasterVanishesTheBackupTakesOverExactlyOneMasterDownIntervalAfterItsLastAdvert()
            throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24").build()));
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(20 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        // A became master at 3.4140625 s; its next adverts go on the 1 ms grid: 4.415 s, 5.415 s... so the last
        // one before the cut at 20.2 s left at 19.415 s
        loop.advanceTo(20_200 * MS);
        a.disconnect();
        long lastAdvert = 19_415_000_000L;
        long takeover = lastAdvert + 3_609_375_000L;
        loop.advanceTo(takeover - 1);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        loop.advanceTo(takeover);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(b.hasAddress("192.0.2.100")).isTrue();
        assertThat(lan.clientArp.get(InetAddresses.parse("192.0.2.100"))).isEqualTo(b.mac);
        VrrpTransition t = transitions.get(transitions.size() - 1);
        assertThat(t.reason()).isEqualTo(TransitionReason.MASTER_DOWN_TIMER);
        assertThat(t.monotonicNanos()).isEqualTo(takeover);
    }

    @Test
    void aGracefulStopHandsOverAfterTheSkewTime() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24").build()));
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(10 * S);
        long stopAt = loop.nanoTime();
        ra.stop();
        loop.runPending();
        assertThat(a.hasAddress("192.0.2.100")).isFalse();
        loop.advanceTo(stopAt + 609_375_000L - 1);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        loop.advanceTo(stopAt + 609_375_000L);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(transitions.get(transitions.size() - 1).reason())
                .isEqualTo(TransitionReason.PRIORITY_ZERO_RECEIVED);
    }

    @Test
    void aReturningHigherPriorityDirectorPreemptsUnlessNopreempt() throws Exception {
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(10 * S);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);

        SimulatedLan.Host c = lan.host("c", 3, "192.0.2.3/24");
        VrrpRuntime rc = runtime(c, config(instance("VI_1", 51, 150, "192.0.2.100/24").preempt(false).build()));
        loop.advanceTo(30 * S);
        assertThat(rc.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);

        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 200, "192.0.2.100/24").build()));
        loop.advanceTo(50 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(rc.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(a.hasAddress("192.0.2.100")).isTrue();
        assertThat(b.hasAddress("192.0.2.100")).isFalse();
        assertThat(transitions).anyMatch(t -> t.to() == VrrpState.MASTER && t.reason() == TransitionReason.PREEMPTED);
        assertThat(transitions).anyMatch(t -> t.from() == VrrpState.MASTER
                && t.reason() == TransitionReason.HIGHER_PRIORITY_SEEN);
    }

    @Test
    void peerListenersHearANewOrReplacedPeerOnceNotEveryAdvert() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24").build()));
        List<PeerHeard> heardByB = new ArrayList<>();
        VrrpRuntime rb = new VrrpRuntime(loop, b, new VrrpMetrics(new SimpleMeterRegistry()), null);
        rb.addPeerListener(heardByB::add);
        rb.start(config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(20 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        // sixteen adverts from A, one event
        assertThat(rb.view().get(0).advertsReceived()).isGreaterThan(15);
        assertThat(heardByB).singleElement().satisfies(p -> {
            assertThat(p.instance()).isEqualTo("VI_1");
            assertThat(p.vrid()).isEqualTo(51);
            assertThat(p.interfaceName()).isEqualTo("eth0");
            assertThat(p.address()).isEqualTo(InetAddresses.parse("192.0.2.1"));
            assertThat(p.mac()).isEqualTo(a.mac);
        });

        // A is replaced by a machine with the same address and another NIC: B takes over, then the new A preempts
        a.disconnect();
        loop.advanceTo(30 * S);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        SimulatedLan.Host a2 = lan.host("a2", 9, "192.0.2.1/24");
        runtime(a2, config(instance("VI_1", 51, 150, "192.0.2.100/24").build()));
        loop.advanceTo(40 * S);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(heardByB).hasSize(2);
        assertThat(heardByB.get(1).mac()).isEqualTo(a2.mac).isNotEqualTo(a.mac);
        assertThat(heardByB.get(1).address()).isEqualTo(InetAddresses.parse("192.0.2.1"));
        assertThat(rb.view().get(0).peerMac()).isEqualTo(a2.mac);
    }

    @Test
    void aTrackedInterfaceGoingDownFaultsTheMasterAndTheBackupTakesOverInSkewTime() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        a.addLink("eth1", 2);
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24")
                .addTrackInterface(new TrackedInterface("eth1", 0, false, SourceLocation.NONE)).build()));
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(10 * S);
        long downAt = loop.nanoTime();
        a.setLink("eth1", false);
        loop.runPending();
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.FAULT);
        assertThat(a.hasAddress("192.0.2.100")).isFalse();
        loop.advanceTo(downAt + 609_375_000L);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        a.setLink("eth1", true);
        loop.advance(10 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(ra.view().get(0).faults()).isEmpty();
    }

    @Test
    void aWeightedTrackedInterfaceLowersThePriorityAndTheOtherDirectorPreempts() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        a.addLink("eth1", 2);
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24")
                .addTrackInterface(new TrackedInterface("eth1", -60, false, SourceLocation.NONE)).build()));
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(10 * S);
        a.setLink("eth1", false);
        loop.advance(5 * S);
        assertThat(ra.view().get(0).effectivePriority()).isEqualTo(90);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void syncGroupMembersFaultTogetherAndBecomeMasterTogether() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        a.addLink("eth1", 2);
        VrrpInstanceConfig i1 = instance("VI_1", 51, 150, "192.0.2.100/24").build();
        VrrpInstanceConfig i2 = instance("VI_2", 52, 150, "192.0.2.101/24")
                .addTrackInterface(new TrackedInterface("eth1", 0, false, SourceLocation.NONE)).build();
        VigilConfig cfg = new VigilConfig(GlobalDefs.DEFAULTS, List.of(i1, i2), List.of(new VrrpSyncGroupConfig(
                "G1", List.of("VI_1", "VI_2"), NotifyScripts.NONE, List.of(), List.of(), SourceLocation.NONE)),
                SourceLocation.NONE);
        VrrpRuntime ra = runtime(a, cfg);
        loop.advanceTo(10 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.state("VI_2")).isEqualTo(VrrpState.MASTER);
        a.setLink("eth1", false);
        loop.runPending();
        assertThat(ra.state("VI_2")).isEqualTo(VrrpState.FAULT);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.FAULT);
        assertThat(ra.view().get(0).faults()).containsExactly("group:G1");
        a.setLink("eth1", true);
        loop.advance(10 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.state("VI_2")).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void aSyncGroupMemberLosingToAHigherPriorityPullsTheOthersToBackup() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        VigilConfig cfg = new VigilConfig(GlobalDefs.DEFAULTS,
                List.of(instance("VI_1", 51, 150, "192.0.2.100/24").build(),
                        instance("VI_2", 52, 150, "192.0.2.101/24").build()),
                List.of(new VrrpSyncGroupConfig("G1", List.of("VI_1", "VI_2"), NotifyScripts.NONE, List.of(),
                        List.of(), SourceLocation.NONE)), SourceLocation.NONE);
        VrrpRuntime ra = runtime(a, cfg);
        loop.advanceTo(10 * S);
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        // B runs only VI_1, at a higher priority
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 200, "192.0.2.100/24").build()));
        loop.advance(10 * S);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(ra.state("VI_2")).isEqualTo(VrrpState.BACKUP);
        assertThat(a.hasAddress("192.0.2.101")).isFalse();
    }

    @Test
    void twoHundredFiftyFiveVipsFailOverInOneKernelBatch() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        List<VrrpInstanceConfig> ia = new ArrayList<>();
        List<VrrpInstanceConfig> ib = new ArrayList<>();
        for (int v = 1; v <= 255; v++) {
            String vip = "198.51.100." + v + "/32";
            ia.add(instance("VI_" + v, v, 150, vip).advertIntervalNanos(100 * MS).build());
            ib.add(instance("VI_" + v, v, 100, vip).advertIntervalNanos(100 * MS).build());
        }
        VrrpRuntime ra = runtime(a, new VigilConfig(GlobalDefs.DEFAULTS, ia, List.of(), SourceLocation.NONE));
        VrrpRuntime rb = runtime(b, new VigilConfig(GlobalDefs.DEFAULTS, ib, List.of(), SourceLocation.NONE));
        loop.advanceTo(5 * S);
        assertThat(ra.view()).allMatch(v -> v.state() == VrrpState.MASTER);
        a.disconnect();
        int batchesBefore = lan.addressBatches;
        loop.advance(2 * S);
        assertThat(rb.view()).allMatch(v -> v.state() == VrrpState.MASTER);
        assertThat(b.addrs.stream().filter(x -> x.address().getHostAddress().startsWith("198.51.100."))).hasSize(255);
        // all 255 take over at the same instant: their address changes go to the kernel in one batch
        assertThat(lan.addressBatches - batchesBefore).isEqualTo(1);
        assertThat(lan.clientArp.get(InetAddresses.parse("198.51.100.255"))).isEqualTo(b.mac);
    }

    @Test
    void ipv6InstancesAnnounceWithUnsolicitedNeighbourAdvertisements() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_6", 61, 150, "2001:db8::100/64").build()));
        VrrpRuntime rb = runtime(b, config(instance("VI_6", 61, 100, "2001:db8::100/64").build()));
        loop.advanceTo(10 * S);
        assertThat(ra.state("VI_6")).isEqualTo(VrrpState.MASTER);
        assertThat(rb.state("VI_6")).isEqualTo(VrrpState.BACKUP);
        assertThat(rb.view().get(0).masterAddress()).isEqualTo(InetAddresses.parse("fe80::1"));
        assertThat(lan.clientArp.get(InetAddresses.parse("2001:db8::100"))).isEqualTo(a.mac);
    }

    /** An IPv4 VRRPv3 advert of VRID 51 for 192.0.2.100 at 1 s, as the IP packet the wire carries. */
    static byte[] v3Advert(String from, String to, int priority, int ttl) {
        InetAddress src = InetAddresses.parse(from);
        InetAddress dst = InetAddresses.parse(to);
        return SimulatedLan.ipPacket(AddressFamily.INET, src, dst, io.vigil.vrrp.packet.VrrpEncoder.encode(
                io.vigil.vrrp.packet.VrrpAdvertisement.v3(51, priority, 100,
                        List.of(InetAddresses.parse("192.0.2.100"))),
                io.vigil.vrrp.packet.ChecksumForm.PSEUDO_HEADER, src, dst), ttl);
    }

    @Test
    void hostilePacketsAreCountedAndChangeNothing() throws Exception {
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VrrpRuntime rb = new VrrpRuntime(loop, b, new VrrpMetrics(registry), null);
        rb.start(config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(1 * S);
        MacAddress evil = MacAddress.parse("02:00:00:00:00:66");
        java.util.Random rnd = new java.util.Random(7);
        for (int k = 0; k < 2000; k++) {
            byte[] junk = new byte[rnd.nextInt(80)];
            rnd.nextBytes(junk);
            lan.inject("b", AddressFamily.INET, evil, junk);
        }
        // a well-formed advert with the wrong TTL and one with a higher priority but the wrong version
        byte[] lowTtl = v3Advert("192.0.2.9", "224.0.0.18", 254, 64);
        lan.inject("b", AddressFamily.INET, evil, lowTtl);
        loop.runPending();
        double invalid = registry.find(VrrpMetrics.ADVERTS_INVALID).counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(invalid).isEqualTo(2001);
        assertThat(registry.find(VrrpMetrics.ADVERTS_INVALID).tag("reason", "ttl").counter().count()).isEqualTo(1);
        loop.advanceTo(3_609_375_000L);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void withCheckUnicastSrcOnlyTheConfiguredPeersAdvertsCount() throws Exception {
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VrrpRuntime rb = new VrrpRuntime(loop, b, new VrrpMetrics(registry), null);
        rb.start(config(instance("VI_U", 51, 100, "192.0.2.100/24")
                .addUnicastPeer(InetAddresses.parse("192.0.2.1"))
                .unicast(new io.vigil.core.config.UnicastSettings(255, true, false, List.of(), false, false))
                .build()));
        loop.advanceTo(5 * S);
        assertThat(rb.state("VI_U")).isEqualTo(VrrpState.MASTER);
        MacAddress mac = MacAddress.parse("02:00:00:00:00:66");
        for (String from : new String[] {"192.0.2.9", "192.0.2.1"}) {
            lan.inject("b", AddressFamily.INET, mac, v3Advert(from, "192.0.2.2", 200, 255));
            loop.runPending();
            if (from.equals("192.0.2.9")) {
                // a stranger with a higher priority: discarded and counted, the master stays
                assertThat(registry.find(VrrpMetrics.ADVERTS_INVALID).tag("reason", "unicast_source").counter()
                        .count()).isEqualTo(1);
                assertThat(rb.state("VI_U")).isEqualTo(VrrpState.MASTER);
            }
        }
        assertThat(rb.state("VI_U")).as("the configured peer's higher priority counts").isEqualTo(VrrpState.BACKUP);
    }

    @Test
    void fifoWriteVrrpStatesOnReloadWritesEveryStateAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("keepalived.conf");
        java.nio.file.Files.writeString(file, """
                global_defs {
                  fifo_write_vrrp_states_on_reload
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  version 3
                  priority 150
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                }
                """);
        VigilConfig config = io.vigil.core.config.ConfigLoader.load(file).config();
        java.nio.file.Path fifo = dir.resolve("vrrp.fifo");
        io.vigil.core.notify.NotifyDispatcher notify = new io.vigil.core.notify.NotifyDispatcher(
                (command, args, user, timeout) -> 0, new io.vigil.core.notify.NotifyDispatcher.Fifos(null,
                        new io.vigil.core.notify.NotifyFifo(fifo, null, null), null), null,
                java.time.Duration.ofSeconds(1));
        notify.openFifos();
        try (java.nio.channels.FileChannel reader = java.nio.channels.FileChannel.open(fifo,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
            VrrpRuntime ra = new VrrpRuntime(loop, a, new VrrpMetrics(new SimpleMeterRegistry()), notify);
            ra.start(config);
            loop.advanceTo(5 * S);
            assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
            assertThat(ra.reload(config)).as("nothing changed").isEmpty();
            notify.drain(java.time.Duration.ofSeconds(5));
            String expected = "INSTANCE \"VI_1\" BACKUP 150\nINSTANCE \"VI_1\" MASTER 150\n"
                    + "INSTANCE \"VI_1\" MASTER 150\n";
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(expected.length());
            // a read of an empty FIFO blocks: a missing line fails the test instead of hanging it
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
                while (buf.hasRemaining() && reader.read(buf) > 0) {
                    // all of it is in the pipe already
                }
            });
            assertThat(new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(expected);
        }
    }

    // ------------------------------------------------------------------ trackers (track_script, track_file, track_process)

    static VrrpScriptConfig script(String name, int weight, boolean reverse, boolean initFail) {
        return new VrrpScriptConfig(name, ScriptCommand.of("/bin/true"), S, S, weight, reverse, 1, 1, initFail,
                SourceLocation.NONE);
    }

    static VigilConfig tracking(List<VrrpInstanceConfig> instances, List<VrrpSyncGroupConfig> groups,
                                List<VrrpScriptConfig> scripts, List<TrackFileConfig> files,
                                List<TrackProcessConfig> processes) {
        return new VigilConfig(GlobalDefs.DEFAULTS, instances, groups, SourceLocation.NONE, scripts, files, processes,
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), null);
    }

    static TrackedScript tracks(String script, Integer weight, boolean reverse) {
        return new TrackedScript(script, weight, reverse, SourceLocation.NONE);
    }

    static TrackerState scriptState(String name, boolean ok) {
        return new TrackerState(TrackerState.Kind.SCRIPT, name, ok, 0, ok ? "exit 0" : "exit 1");
    }

    void report(VrrpRuntime r, TrackerState s) {
        r.trackerChanged(s);
        loop.runPending();
    }

    @Test
    void anUnweightedScriptHoldsTheInstanceInFaultUntilItHasRunAndWhileItFails() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, tracking(List.of(instance("VI_1", 51, 150, "192.0.2.100/24")
                .addTrackScript(tracks("chk", null, false)).build()), List.of(),
                List.of(script("chk", 0, false, false)), List.of(), List.of()));
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        // keepalived starts an instance whose unweighted script has not run in FAULT
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.FAULT);
        assertThat(ra.view().get(0).faults()).containsExactly("script:chk");
        loop.advance(5 * S);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        // the script's first run passes: A comes up and preempts
        report(ra, scriptState("chk", true));
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        loop.advance(5 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        // it fails: FAULT, the VIP goes, B takes over in skew time (A's priority 0 advert)
        long failAt = loop.nanoTime();
        report(ra, scriptState("chk", false));
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.FAULT);
        assertThat(a.hasAddress("192.0.2.100")).isFalse();
        loop.advanceTo(failAt + 609_375_000L);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        // it passes again: A recovers and preempts
        report(ra, scriptState("chk", true));
        loop.advance(10 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.view().get(0).faults()).isEmpty();
        assertThat(transitions).anyMatch(t -> t.instance().equals("VI_1") && t.from() == VrrpState.MASTER
                && t.to() == VrrpState.FAULT);
    }

    @Test
    void aNegativeScriptWeightLowersThePriorityWhileItFailsAndTheBackupPreempts() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, tracking(List.of(instance("VI_1", 51, 150, "192.0.2.100/24")
                .addTrackScript(tracks("chk", null, false)).build()), List.of(),
                List.of(script("chk", -60, false, false)), List.of(), List.of()));
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        // a weighted script that has not run changes nothing
        loop.advance(10 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.view().get(0).effectivePriority()).isEqualTo(150);
        report(ra, scriptState("chk", false));
        assertThat(ra.view().get(0).effectivePriority()).isEqualTo(90);
        loop.advance(5 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        report(ra, scriptState("chk", true));
        loop.advance(5 * S);
        assertThat(ra.view().get(0).effectivePriority()).isEqualTo(150);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.view().get(0).faults()).isEmpty();
    }

    @Test
    void theInstancesWeightOverridesTheScriptsAndReverseTakesAPositiveWeightOffWhileUp() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        VrrpRuntime ra = runtime(a, tracking(List.of(
                instance("VI_1", 51, 100, "192.0.2.100/24").addTrackScript(tracks("chk", 20, false)).build(),
                instance("VI_2", 52, 100, "192.0.2.101/24").addTrackScript(tracks("chk", 10, true)).build(),
                instance("VI_3", 53, 100, "192.0.2.102/24").addTrackScript(tracks("chk", null, false)).build()),
                List.of(), List.of(script("chk", -5, true, false)), List.of(), List.of()));
        report(ra, scriptState("chk", true));
        assertThat(ra.view()).extracting(InstanceView::effectivePriority).containsExactly(120, 90, 100);
        report(ra, scriptState("chk", false));
        // the script's own weight -5 reverse adds 5 while it fails
        assertThat(ra.view()).extracting(InstanceView::effectivePriority).containsExactly(100, 100, 105);
    }

    @Test
    void initFailStartsAScriptFailedAndAStateReportedBeforeStartIsAppliedAtStart() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        VigilConfig cfg = tracking(List.of(
                instance("VI_1", 51, 150, "192.0.2.100/24").addTrackScript(tracks("slow", null, false)).build(),
                instance("VI_2", 52, 150, "192.0.2.101/24").addTrackScript(tracks("chk", null, false)).build()),
                List.of(), List.of(script("slow", -30, false, true), script("chk", 0, false, false)), List.of(),
                List.of());
        VrrpRuntime ra = new VrrpRuntime(loop, a, new VrrpMetrics(new SimpleMeterRegistry()), null);
        ra.trackerChanged(scriptState("chk", true));
        ra.start(cfg);
        loop.runPending();
        assertThat(ra.view().get(0).effectivePriority()).isEqualTo(120);
        assertThat(ra.state("VI_2")).isEqualTo(VrrpState.BACKUP);
        assertThat(ra.view().get(1).faults()).isEmpty();
        report(ra, scriptState("slow", true));
        assertThat(ra.view().get(0).effectivePriority()).isEqualTo(150);
    }

    @Test
    void aTrackedFileMovesThePriorityByItsValueTimesTheWeightAndFaultsAsKeepalivedDoes() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        TrackFileConfig weighted = new TrackFileConfig("prio", "/run/prio", 5, false, null, false,
                SourceLocation.NONE);
        TrackFileConfig flag = new TrackFileConfig("maint", "/run/maint", 1, false, null, false, SourceLocation.NONE);
        VrrpRuntime ra = runtime(a, tracking(List.of(
                instance("VI_1", 51, 100, "192.0.2.100/24")
                        .addTrackFile(new TrackedObject("prio", null, false, SourceLocation.NONE)).build(),
                instance("VI_2", 52, 100, "192.0.2.101/24")
                        .addTrackFile(new TrackedObject("maint", 0, false, SourceLocation.NONE)).build()),
                List.of(), List.of(), List.of(weighted, flag), List.of()));
        // an unweighted file not read yet holds its instance in FAULT; a weighted one adds nothing
        assertThat(ra.view()).extracting(InstanceView::state).containsExactly(VrrpState.BACKUP, VrrpState.FAULT);
        report(ra, new TrackerState(TrackerState.Kind.FILE, "prio", true, 3, "holds 3"));
        report(ra, new TrackerState(TrackerState.Kind.FILE, "maint", true, 0, "holds 0"));
        assertThat(ra.view().get(0).effectivePriority()).isEqualTo(115);
        assertThat(ra.state("VI_2")).isEqualTo(VrrpState.BACKUP);
        report(ra, new TrackerState(TrackerState.Kind.FILE, "maint", true, 1, "holds 1"));
        assertThat(ra.state("VI_2")).isEqualTo(VrrpState.FAULT);
        assertThat(ra.view().get(1).faults()).containsExactly("file:maint");
        report(ra, new TrackerState(TrackerState.Kind.FILE, "prio", true, -60, "holds -60"));
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.FAULT);
        report(ra, new TrackerState(TrackerState.Kind.FILE, "prio", false, 0, "cannot read"));
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(ra.view().get(0).effectivePriority()).isEqualTo(100);
    }

    @Test
    void aTrackedProcessOutOfQuorumFaultsOrWeighsAndASyncGroupsTrackerReachesEveryMember() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        TrackProcessConfig nginx = new TrackProcessConfig("nginx", "nginx", List.of(),
                TrackProcessConfig.ParamMatch.EXACT, 0, false, 1, null, 0, 0, false, SourceLocation.NONE);
        TrackProcessConfig cron = new TrackProcessConfig("cron", "cron", List.of(),
                TrackProcessConfig.ParamMatch.EXACT, 25, false, 1, null, 0, 0, false, SourceLocation.NONE);
        VrrpInstanceConfig i1 = instance("VI_1", 51, 100, "192.0.2.100/24").build();
        VrrpInstanceConfig i2 = instance("VI_2", 52, 100, "192.0.2.101/24")
                .addTrackProcess(new TrackedObject("cron", null, false, SourceLocation.NONE)).build();
        VrrpSyncGroupConfig g = new VrrpSyncGroupConfig("G1", List.of("VI_1", "VI_2"), NotifyScripts.NONE,
                List.of(), List.of(), SourceLocation.NONE,
                List.of(), List.of(new TrackedObject("nginx", null, false, SourceLocation.NONE)), List.of(), false,
                true, false);
        VrrpRuntime ra = runtime(a, tracking(List.of(i1, i2), List.of(g), List.of(), List.of(),
                List.of(nginx, cron)));
        report(ra, new TrackerState(TrackerState.Kind.PROCESS, "nginx", true, 1, "1 process"));
        report(ra, new TrackerState(TrackerState.Kind.PROCESS, "cron", true, 1, "1 process"));
        loop.advance(10 * S);
        assertThat(ra.view()).extracting(InstanceView::state).containsOnly(VrrpState.MASTER);
        assertThat(ra.view().get(1).effectivePriority()).isEqualTo(125);
        report(ra, new TrackerState(TrackerState.Kind.PROCESS, "nginx", false, 0, "0 processes"));
        assertThat(ra.view()).extracting(InstanceView::state).containsOnly(VrrpState.FAULT);
        assertThat(ra.view().get(0).faults()).contains("process:nginx");
        report(ra, new TrackerState(TrackerState.Kind.PROCESS, "nginx", true, 1, "1 process"));
        report(ra, new TrackerState(TrackerState.Kind.PROCESS, "cron", false, 0, "0 processes"));
        assertThat(ra.view().get(1).effectivePriority()).isEqualTo(100);
        loop.advance(10 * S);
        assertThat(ra.view()).extracting(InstanceView::state).containsOnly(VrrpState.MASTER);
    }

    @Test
    void aReloadTouchesOnlyWhatChangedAndAChangedMasterKeepsItsState() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpInstanceConfig keep = instance("VI_KEEP", 60, 150, "192.0.2.60/24").build();
        VrrpInstanceConfig change = instance("VI_CHANGE", 61, 150, "192.0.2.61/24").build();
        VrrpInstanceConfig gone = instance("VI_GONE", 62, 150, "192.0.2.62/24").build();
        VrrpRuntime ra = runtime(a, config(keep, change, gone));
        VrrpRuntime rb = runtime(b, config(instance("VI_GONE", 62, 100, "192.0.2.62/24").build()));
        loop.advanceTo(10 * S);
        assertThat(ra.view()).allMatch(v -> v.state() == VrrpState.MASTER);
        int transitionsBefore = transitions.size();

        // VI_CHANGE swaps its VIP; VI_GONE goes (b takes over in skew time); VI_NEW appears
        VrrpInstanceConfig changed = instance("VI_CHANGE", 61, 150, "192.0.2.161/24").build();
        VrrpInstanceConfig added = instance("VI_NEW", 63, 150, "192.0.2.63/24").build();
        List<String> done = ra.reload(config(keep, changed, added));
        loop.runPending();
        assertThat(done).containsExactlyInAnyOrder("instance VI_GONE removed",
                "instance VI_CHANGE changed: virtual_addresses", "instance VI_NEW added");
        assertThat(ra.state("VI_KEEP")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.state("VI_CHANGE")).isEqualTo(VrrpState.MASTER);
        assertThat(a.hasAddress("192.0.2.60")).isTrue();
        assertThat(a.hasAddress("192.0.2.61")).isFalse();
        assertThat(a.hasAddress("192.0.2.161")).isTrue();
        assertThat(a.hasAddress("192.0.2.62")).isFalse();
        assertThat(lan.clientArp.get(InetAddresses.parse("192.0.2.161"))).isEqualTo(a.mac);
        // the kept and the changed instance made no transition; the removed one stopped, the new one started
        assertThat(transitions.subList(transitionsBefore, transitions.size()))
                .extracting(VrrpTransition::instance).doesNotContain("VI_KEEP", "VI_CHANGE");
        loop.advance(10 * S);
        assertThat(rb.state("VI_GONE")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.state("VI_NEW")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.view()).extracting(InstanceView::name).containsExactly("VI_KEEP", "VI_CHANGE", "VI_NEW");
    }

    @Test
    void aReloadedLowerPriorityLetsTheOtherDirectorPreempt() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24").build()));
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(10 * S);
        assertThat(ra.reload(config(instance("VI_1", 51, 50, "192.0.2.100/24").build())))
                .containsExactly("instance VI_1 changed: priority");
        loop.advance(10 * S);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(ra.view().get(0).effectivePriority()).isEqualTo(50);
    }

    @Test
    void aNewVridRestartsTheInstance() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24").build()));
        loop.advanceTo(10 * S);
        List<String> done = ra.reload(config(instance("VI_1", 52, 150, "192.0.2.100/24").build()));
        assertThat(done).hasSize(1);
        assertThat(done.get(0)).startsWith("instance VI_1 ");
        loop.advance(10 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.view().get(0).vrid()).isEqualTo(52);
    }

    // ------------------------------------------------------------------ the daemon's hooks

    @Test
    void heldPreemptionKeepsAReturningHigherPriorityDirectorBackupUntilReleased() throws Exception {
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(10 * S);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);

        // the returning director holds preemption from before its first advert (preempt at start-up included)
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 200, "192.0.2.100/24")
                .initialState(VrrpInstanceConfig.InitialState.MASTER).build()), true);
        loop.advanceTo(40 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(ra.view().get(0).masterAddress()).isEqualTo(InetAddresses.parse("192.0.2.2"));

        long release = loop.nanoTime();
        ra.holdPreemption(false);
        // the next advert of b is discarded and a's master-down timer runs out: 3 s + (256-200)/256 s later at most
        loop.advanceTo(release + S + 3_218_750_000L);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        assertThat(transitions).anyMatch(t -> t.instance().equals("VI_1") && t.to() == VrrpState.MASTER
                && t.reason() == TransitionReason.PREEMPTED && t.monotonicNanos() >= release);
    }

    @Test
    void heldPreemptionNeverHoldsATakeoverFromASilentMaster() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.advanceTo(10 * S);
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 200, "192.0.2.100/24").build()), true);
        loop.advanceTo(20 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.BACKUP);
        b.disconnect();
        loop.advanceTo(25 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.MASTER);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
    }

    @Test
    void handOverSendsPriorityZeroAndThePeerTakesOverInSkewTime() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        VrrpRuntime ra = runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24").build(),
                instance("VI_2", 52, 150, "192.0.2.101/24").build()));
        VrrpRuntime rb = runtime(b, config(instance("VI_1", 51, 100, "192.0.2.100/24").preempt(false).build(),
                instance("VI_2", 52, 100, "192.0.2.101/24").build()));
        loop.advanceTo(10 * S);
        long heard = ra.view().get(0).advertsReceived();
        long at = loop.nanoTime();
        assertThat(ra.handOver()).containsExactly("VI_1", "VI_2");
        loop.runPending();
        assertThat(a.hasAddress("192.0.2.100")).isFalse();
        // skew time of priority 100 at a 1 s interval: (256-100)/256 s
        loop.advanceTo(at + 609_375_000L);
        assertThat(rb.state("VI_1")).as("nopreempt does not matter").isEqualTo(VrrpState.MASTER);
        assertThat(rb.state("VI_2")).isEqualTo(VrrpState.MASTER);
        loop.advance(2 * S);
        assertThat(ra.state("VI_1")).isEqualTo(VrrpState.FAULT);
        assertThat(ra.view().get(0).faults()).containsExactly("handover");
        assertThat(ra.view().get(0).advertsReceived()).as("the new master's adverts are seen").isGreaterThan(heard);
        assertThat(b.hasAddress("192.0.2.100")).isTrue();
    }

    @Test
    void theLastFailoverGaugeIsTheTimeFromTheLastAdvertToTheVips() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        SimulatedLan.Host b = lan.host("b", 2, "192.0.2.2/24");
        runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24").build()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        VrrpRuntime rb = new VrrpRuntime(loop, b, new VrrpMetrics(registry), null);
        rb.start(config(instance("VI_1", 51, 100, "192.0.2.100/24").build()));
        loop.runPending();
        io.micrometer.core.instrument.Gauge g = registry.get(VrrpMetrics.LAST_FAILOVER).tag("vrrp_instance", "VI_1")
                .gauge();
        loop.advanceTo(20_200 * MS);
        assertThat(g.value()).isZero();
        a.disconnect();
        loop.advanceTo(30 * S);
        assertThat(rb.state("VI_1")).isEqualTo(VrrpState.MASTER);
        // the last advert left at 19.415 s; b's Master_Down_Interval is 3.609375 s
        assertThat(g.value()).isEqualTo(3.609375);
    }

    @Test
    void aVipOnAnotherDeviceIsAnnouncedThereWithThatDevicesMac() throws Exception {
        SimulatedLan.Host a = lan.host("a", 1, "192.0.2.1/24");
        MacAddress eth1 = MacAddress.of(new byte[] {0x02, 0, 0, 0, 1, 1});
        a.addLink("eth1", 2, eth1);
        runtime(a, config(instance("VI_1", 51, 150, "192.0.2.100/24")
                .addVirtualAddress(new VirtualAddress(io.vigil.core.net.IpPrefix.parse("198.51.100.254/24"), "eth1",
                        VirtualAddress.AddressScope.GLOBAL, null, null, false, false, SourceLocation.NONE))
                .build()));
        loop.advanceTo(5 * S);
        boolean seen = false;
        for (int f = 0; f < lan.frames.size(); f++) {
            byte[] frame = lan.frames.get(f);
            if ((frame[12] & 0xff) != 0x08 || frame[13] != 0x06) {
                continue;
            }
            byte[] spa = java.util.Arrays.copyOfRange(frame, 28, 32);
            byte[] sha = java.util.Arrays.copyOfRange(frame, 22, 28);
            byte[] src = java.util.Arrays.copyOfRange(frame, 6, 12);
            if (java.util.Arrays.equals(spa, InetAddresses.parse("198.51.100.254").getAddress())) {
                seen = true;
                assertThat(lan.frameInterfaces.get(f)).isEqualTo("eth1");
                assertThat(MacAddress.of(sha)).isEqualTo(eth1);
                assertThat(MacAddress.of(src)).isEqualTo(eth1);
            } else if (java.util.Arrays.equals(spa, InetAddresses.parse("192.0.2.100").getAddress())) {
                assertThat(MacAddress.of(sha)).isEqualTo(a.mac);
            }
        }
        assertThat(seen).isTrue();
    }
}
