package io.vigil.vrrp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.GarpSettings;
import io.vigil.core.loop.ManualEventLoop;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.port.AddressManager;
import io.vigil.core.port.LinkManager;
import io.vigil.core.port.PacketSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** keepalived's gratuitous ARP schedule, on a manual clock. */
class AnnouncerTest {

    static final long S = 1_000_000_000L;

    /** Records when frames reach the kernel (one frame per address per message). */
    static final class FrameLog implements VrrpIo {
        final ManualEventLoop loop;
        final List<Long> times = new ArrayList<>();

        FrameLog(ManualEventLoop loop) {
            this.loop = loop;
        }

        @Override
        public AdvertChannel openChannel(String s, String r, AddressFamily f, List<InetAddress> g,
                                         Consumer<List<PacketSocket.ReceivedPacket>> sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendFrames(String interfaceName, List<byte[]> frames) {
            for (int i = 0; i < frames.size(); i++) {
                times.add(loop.nanoTime());
            }
        }

        @Override
        public AddressManager addresses() {
            throw new UnsupportedOperationException();
        }

        @Override
        public LinkManager links() {
            throw new UnsupportedOperationException();
        }

        long countAt(long t) {
            return times.stream().filter(x -> x == t).count();
        }
    }

    static Announcer announcer(ManualEventLoop loop, FrameLog log, GarpSettings garp) {
        return announcer(loop, log, garp, false);
    }

    static Announcer announcer(ManualEventLoop loop, FrameLog log, GarpSettings garp, boolean ipv6) {
        KernelBatch batch = new KernelBatch(loop, log, new KernelBatch.Failures() {
            @Override
            public void advertSendFailed(io.vigil.core.port.KernelException e) {
            }

            @Override
            public void addressChangeFailed(io.vigil.core.port.KernelException e) {
            }

            @Override
            public void frameSendFailed(io.vigil.core.port.KernelException e) {
            }
        });
        // two addresses on one interface: each round is two frames
        return new Announcer(loop, batch, garp, ipv6,
                () -> List.of(new Announcer.Round("eth0", List.of(new byte[60], new byte[60]))));
    }

    @Test
    void becomingMasterSendsABurstThenTheDelayedBurstThenRefreshes() {
        ManualEventLoop loop = new ManualEventLoop(0);
        FrameLog log = new FrameLog(loop);
        // repeat 5, second burst after 5 s, refresh every 10 s with 2 messages
        Announcer a = announcer(loop, log, new GarpSettings(5 * S, 5, 10 * S, 2, 5 * S, 0, 0, 0));
        a.start();
        loop.advanceTo(31 * S);
        assertThat(log.countAt(0)).isEqualTo(10);
        assertThat(log.countAt(5 * S)).isEqualTo(10);
        assertThat(log.countAt(10 * S)).isEqualTo(4);
        assertThat(log.countAt(20 * S)).isEqualTo(4);
        assertThat(log.countAt(30 * S)).isEqualTo(4);
        assertThat(log.times).hasSize(32);
        a.stop();
        loop.advanceTo(100 * S);
        assertThat(log.times).hasSize(32);
    }

    @Test
    void garpIntervalSpacesTheMessagesOfABurst() {
        ManualEventLoop loop = new ManualEventLoop(0);
        FrameLog log = new FrameLog(loop);
        Announcer a = announcer(loop, log, new GarpSettings(0, 3, 0, 1, 0, 0, 200_000_000L, 0));
        a.start();
        loop.advanceTo(S);
        assertThat(log.times).containsExactly(0L, 0L, 200_000_000L, 200_000_000L, 400_000_000L, 400_000_000L);
    }

    @Test
    void gnaIntervalSpacesTheNeighbourAdvertisementsOfAnIpv6Instance() {
        ManualEventLoop loop = new ManualEventLoop(0);
        FrameLog log = new FrameLog(loop);
        GarpSettings g = new GarpSettings(0, 3, 0, 1, 0, 0, 200_000_000L, 50_000_000L);
        Announcer a = announcer(loop, log, g, true);
        a.start();
        loop.advanceTo(S);
        assertThat(log.times).containsExactly(0L, 0L, 50_000_000L, 50_000_000L, 100_000_000L, 100_000_000L);
    }

    @Test
    void aLowerPriorityAdvertTriggersTheLowerPriorityBursts() {
        ManualEventLoop loop = new ManualEventLoop(0);
        FrameLog log = new FrameLog(loop);
        Announcer a = announcer(loop, log, new GarpSettings(0, 1, 0, 1, 2 * S, 3, 0, 0));
        a.afterLowerPriority();
        loop.advanceTo(3 * S);
        assertThat(log.countAt(0)).isEqualTo(6);
        assertThat(log.countAt(2 * S)).isEqualTo(6);
    }
}
