package io.vigil.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.event.PeerHeard;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.Datapath;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.MarkRule;
import io.vigil.core.port.PacketMarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule manager's decisions: when it opens the kernel side, when it writes a transaction (a new or replaced
 * peer, a reload), what it counts, how it recovers from a refused transaction. The kernel side is a recording
 * double here; NftPacketMarksIT and the loop tests run the real one.
 */
class LoopGuardTest {

    @TempDir
    Path dir;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<List<MarkRule>> transactions = new ArrayList<>();
    int opened;
    boolean refuse;

    final PacketMarks recording = new PacketMarks() {
        @Override
        public List<String> apply(List<MarkRule> rules, Datapath.Read read) throws KernelException {
            if (refuse) {
                throw new KernelException("nftables apply", "refused");
            }
            transactions.add(rules);
            return read == Datapath.Read.KERNEL ? List.of("a rule changed") : List.of();
        }

        @Override
        public void clear() {
            transactions.add(List.of());
        }

        @Override
        public void close() {
        }
    };

    final LoopGuard guard = new LoopGuard(() -> {
        opened++;
        return recording;
    }, registry);

    VigilConfig load(String text) throws Exception {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, text);
        return ConfigLoader.load(f, new LoadOptions("x")).orThrow();
    }

    static PeerHeard peer(String address, String mac) {
        return new PeerHeard("VI_1", 51, "eth0", InetAddresses.parse(address), MacAddress.parse(mac), Instant.now());
    }

    double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void aDirectorWithoutGuardedServicesNeverOpensTheKernelSide() throws Exception {
        guard.configure(load(LoopGuardPlanTest.PAIR), a -> false);
        guard.peerHeard(peer("192.0.2.2", "02:00:00:00:00:02"));
        guard.repair();
        assertThat(opened).isZero();
        assertThat(registry.get("vigil.loop.guard.services").gauge().value()).isZero();
    }

    @Test
    void aNewOrReplacedPeerRewritesTheRulesInOneTransactionAndTheSamePeerDoesNothing() throws Exception {
        guard.configure(load(LoopGuardPlanTest.PAIR), InetAddresses.parse("192.0.2.1")::equals);
        assertThat(transactions).singleElement().satisfies(t -> assertThat(t).hasSize(2)
                .allSatisfy(r -> assertThat(r.notFrom()).isEmpty()));
        guard.peerHeard(peer("192.0.2.2", "02:00:00:00:00:02"));
        guard.peerHeard(peer("192.0.2.2", "02:00:00:00:00:02"));
        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(1)).allSatisfy(r -> assertThat(r.notFrom().toString())
                .isEqualTo("[02:00:00:00:00:02]"));
        // the peer machine replaced: same address, new MAC; the old one is no longer excluded
        guard.peerHeard(peer("192.0.2.2", "02:00:00:00:00:22"));
        assertThat(transactions).hasSize(3);
        assertThat(transactions.get(2)).allSatisfy(r -> assertThat(r.notFrom().toString())
                .isEqualTo("[02:00:00:00:00:22]"));
        assertThat(opened).isEqualTo(1);
        assertThat(count("vigil.loop.guard.updates", "result", "success")).isEqualTo(3);
        assertThat(registry.get("vigil.loop.guard.services").gauge().value()).isEqualTo(2);
    }

    @Test
    void aReloadKeepsTheLearnedPeerAndARefusedTransactionIsRetriedByRepair() throws Exception {
        VigilConfig c = load(LoopGuardPlanTest.PAIR);
        guard.configure(c, InetAddresses.parse("192.0.2.1")::equals);
        guard.peerHeard(peer("192.0.2.2", "02:00:00:00:00:02"));
        refuse = true;
        guard.configure(load(LoopGuardPlanTest.PAIR.replace("virtual_server 192.0.2.100 53", "virtual_server"
                + " 192.0.2.100 54")), InetAddresses.parse("192.0.2.1")::equals);
        assertThat(count("vigil.loop.guard.updates", "result", "failure")).isEqualTo(1);
        assertThat(transactions).hasSize(2);
        refuse = false;
        assertThat(guard.repair()).containsExactly("a rule changed");
        assertThat(transactions).hasSize(3);
        assertThat(transactions.get(2)).extracting(r -> r.service().port()).containsExactly(80, 54);
        assertThat(transactions.get(2)).allSatisfy(r -> assertThat(r.notFrom()).hasSize(1));
        assertThat(count("vigil.loop.guard.drift")).isEqualTo(1);
        // nothing changed: no transaction
        guard.configure(load(LoopGuardPlanTest.PAIR.replace("virtual_server 192.0.2.100 53", "virtual_server"
                + " 192.0.2.100 54")), InetAddresses.parse("192.0.2.1")::equals);
        assertThat(transactions).hasSize(3);
    }

    @Test
    void theRepairTimerReadsTheKernelEveryIntervalUntilClosed() throws Exception {
        io.vigil.core.loop.ManualEventLoop loop = new io.vigil.core.loop.ManualEventLoop(0);
        guard.configure(load(LoopGuardPlanTest.PAIR), InetAddresses.parse("192.0.2.1")::equals);
        guard.repairEvery(loop, 30_000_000_000L);
        loop.advanceTo(30_000_000_000L - 1);
        assertThat(transactions).hasSize(1);
        loop.advanceTo(60_000_000_000L);
        assertThat(transactions).as("two repairs").hasSize(3);
        assertThat(count("vigil.loop.guard.drift")).isEqualTo(2);
        guard.close();
        loop.advanceTo(600_000_000_000L);
        assertThat(transactions).hasSize(3);
    }

    @Test
    void aVmacPeerIsStillExcludedButLogged() throws Exception {
        guard.configure(load(LoopGuardPlanTest.PAIR), InetAddresses.parse("192.0.2.1")::equals);
        guard.peerHeard(peer("192.0.2.2", "00:00:5e:00:01:33"));
        assertThat(LoopGuard.isVrrpVirtual(MacAddress.parse("00:00:5e:00:01:33"))).isTrue();
        assertThat(LoopGuard.isVrrpVirtual(MacAddress.parse("02:00:5e:00:01:33"))).isFalse();
        assertThat(transactions.get(transactions.size() - 1).get(0).notFrom()).hasSize(1);
    }
}
