package io.vigil.vrrp.runtime;

import io.vigil.core.config.GarpSettings;
import io.vigil.core.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gratuitous ARP / unsolicited NA for one instance, on keepalived's schedule: on becoming MASTER a burst of
 * {@code garp_master_repeat} messages per address (spaced by {@code garp_interval}, or {@code gna_interval} for the
 * neighbour advertisements of an IPv6 instance, if set), a second burst after
 * {@code garp_master_delay}, and a refresh every {@code garp_master_refresh}; after a lower-priority advert, the
 * {@code garp_lower_prio_*} bursts. All timers run on the instance's event loop; {@link #stop()} cancels them.
 */
final class Announcer {

    /** One interface's frames for one round (one message per address). */
    record Round(String interfaceName, List<byte[]> frames) {
    }

    private final EventLoop loop;
    private final KernelBatch batch;
    private final GarpSettings garp;
    private final long spacingNanos;
    private final Supplier<List<Round>> rounds;
    private final List<EventLoop.Timer> timers = new ArrayList<>();
    private long messagesSent;

    /**
     * @param rounds builds the frames of one round for the current addresses and MACs (called at send time, so a
     *               changed MAC or address list is picked up)
     * @param neighbourAdvertisements an IPv6 instance: its messages are spaced by {@code gna_interval}
     */
    Announcer(EventLoop loop, KernelBatch batch, GarpSettings garp, boolean neighbourAdvertisements,
              Supplier<List<Round>> rounds) {
        this.loop = loop;
        this.batch = batch;
        this.garp = garp;
        this.spacingNanos = neighbourAdvertisements ? garp.naIntervalNanos() : garp.intervalNanos();
        this.rounds = rounds;
    }

    /** Becoming MASTER. */
    void start() {
        stop();
        burst(garp.masterRepeat());
        long now = loop.nanoTime();
        if (garp.masterDelayNanos() > 0 && garp.masterRepeat() > 0) {
            timers.add(loop.schedule(now + garp.masterDelayNanos(), () -> burst(garp.masterRepeat())));
        }
        if (garp.masterRefreshNanos() > 0) {
            scheduleRefresh(now + garp.masterRefreshNanos());
        }
    }

    /** Continues the periodic refresh of a MASTER without a new burst (after a reload). */
    void startRefreshOnly() {
        stop();
        if (garp.masterRefreshNanos() > 0) {
            scheduleRefresh(loop.nanoTime() + garp.masterRefreshNanos());
        }
    }

    /** A lower-priority router advertised: re-announce (split-brain healing). */
    void afterLowerPriority() {
        if (garp.lowerPriorityRepeat() <= 0) {
            return;
        }
        burst(garp.lowerPriorityRepeat());
        if (garp.lowerPriorityDelayNanos() > 0) {
            timers.add(loop.schedule(loop.nanoTime() + garp.lowerPriorityDelayNanos(),
                    () -> burst(garp.lowerPriorityRepeat())));
        }
    }

    /** Leaving MASTER. */
    void stop() {
        timers.forEach(EventLoop.Timer::cancel);
        timers.clear();
    }

    long messagesSent() {
        return messagesSent;
    }

    private void scheduleRefresh(long at) {
        timers.add(loop.schedule(at, () -> {
            burst(garp.masterRefreshRepeat());
            scheduleRefresh(at + garp.masterRefreshNanos());
        }));
    }

    private void burst(int repeat) {
        timers.removeIf(t -> t.isCancelled() || t.deadlineNanos() - loop.nanoTime() <= 0);
        if (repeat <= 0) {
            return;
        }
        List<Round> now = rounds.get();
        if (spacingNanos <= 0) {
            for (int i = 0; i < repeat; i++) {
                sendRound(now);
            }
            return;
        }
        sendRound(now);
        long t0 = loop.nanoTime();
        for (int i = 1; i < repeat; i++) {
            timers.add(loop.schedule(t0 + i * spacingNanos, () -> sendRound(rounds.get())));
        }
    }

    private void sendRound(List<Round> round) {
        for (Round r : round) {
            batch.frames(r.interfaceName(), r.frames());
            messagesSent += r.frames().size();
        }
    }
}
