package io.vigil.vrrp.runtime;

import io.vigil.core.loop.EventLoop;
import io.vigil.core.port.AddressManager;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.IpSocket;
import io.vigil.core.port.KernelException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kernel work collected during one turn of the event loop and sent at its end, so that many instances changing
 * state together (255 VIPs failing over at once) cost a handful of system calls: one sendmmsg of adverts per
 * channel, one netlink batch of address changes, one sendmmsg of frames per interface. The order of one
 * transition is kept across the batch: adverts, then address removals, then additions, then ARP/NA frames.
 */
final class KernelBatch {

    private static final Logger LOG = LoggerFactory.getLogger(KernelBatch.class);

    /** Counts what went wrong, for metrics. */
    interface Failures {
        void advertSendFailed(KernelException e);

        void addressChangeFailed(KernelException e);

        void frameSendFailed(KernelException e);
    }

    /** Batches slower than this are logged: they delay every other instance on the loop. */
    private static final long SLOW_NANOS = Long.getLong("vigil.slowBatchMicros", 2_000L) * 1_000L;

    private final EventLoop loop;
    private final VrrpIo io;
    private final Failures failures;
    private final Map<VrrpIo.AdvertChannel, List<IpSocket.Datagram>> adverts = new LinkedHashMap<>();
    private final List<InterfaceAddress> removals = new ArrayList<>();
    private final List<InterfaceAddress> additions = new ArrayList<>();
    private final Map<String, List<byte[]>> frames = new LinkedHashMap<>();
    private boolean scheduled;
    private long flushes;

    KernelBatch(EventLoop loop, VrrpIo io, Failures failures) {
        this.loop = loop;
        this.io = io;
        this.failures = failures;
    }

    void advert(VrrpIo.AdvertChannel channel, IpSocket.Datagram d) {
        adverts.computeIfAbsent(channel, c -> new ArrayList<>()).add(d);
        schedule();
    }

    void add(List<InterfaceAddress> addresses) {
        if (!addresses.isEmpty()) {
            removals.removeAll(addresses);
            additions.addAll(addresses);
            schedule();
        }
    }

    void remove(List<InterfaceAddress> addresses) {
        if (!addresses.isEmpty()) {
            additions.removeAll(addresses);
            removals.addAll(addresses);
            schedule();
        }
    }

    void frames(String interfaceName, List<byte[]> f) {
        if (!f.isEmpty()) {
            frames.computeIfAbsent(interfaceName, k -> new ArrayList<>()).addAll(f);
            schedule();
        }
    }

    long flushes() {
        return flushes;
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            loop.execute(this::flush);
        }
    }

    /** Sends everything collected; errors are logged and counted, never thrown into the loop. */
    void flush() {
        scheduled = false;
        flushes++;
        try {
            send();
        } catch (RuntimeException e) {
            // a bug below the ports must not wedge the batch: what failed is dropped, the loop goes on
            LOG.error("kernel batch failed", e);
            adverts.clear();
            removals.clear();
            additions.clear();
            frames.clear();
        }
    }

    private void send() {
        long t0 = System.nanoTime();
        int nAdverts = 0;
        int nAddresses = removals.size() + additions.size();
        int nFrames = 0;
        if (!adverts.isEmpty()) {
            for (List<IpSocket.Datagram> l : adverts.values()) {
                nAdverts += l.size();
            }
        }
        for (List<byte[]> l : frames.values()) {
            nFrames += l.size();
        }
        sendAll();
        long took = System.nanoTime() - t0;
        if (took > SLOW_NANOS) {
            LOG.info("kernel batch took {} ms: {} advert(s) {} ms, {} address change(s) {} ms, {} frame(s) {} ms",
                    ms(took), nAdverts, ms(sectionAdverts - t0), nAddresses, ms(sectionAddresses - sectionAdverts),
                    nFrames, ms(System.nanoTime() - sectionAddresses));
        }
    }

    private long sectionAdverts;
    private long sectionAddresses;

    private static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6);
    }

    private void sendAll() {
        if (!adverts.isEmpty()) {
            for (Map.Entry<VrrpIo.AdvertChannel, List<IpSocket.Datagram>> e : adverts.entrySet()) {
                try {
                    e.getKey().send(e.getValue());
                } catch (KernelException ex) {
                    failures.advertSendFailed(ex);
                    LOG.warn("sending {} advert(s) failed: {}", e.getValue().size(), ex.getMessage());
                }
            }
            adverts.clear();
        }
        sectionAdverts = System.nanoTime();
        if (!removals.isEmpty()) {
            List<InterfaceAddress> batch = List.copyOf(removals);
            removals.clear();
            try {
                io.addresses().remove(batch);
            } catch (KernelException ex) {
                failures.addressChangeFailed(ex);
                LOG.error("removing {} address(es) failed: {}", batch.size(), ex.getMessage());
            }
        }
        if (!additions.isEmpty()) {
            List<InterfaceAddress> batch = List.copyOf(additions);
            additions.clear();
            try {
                io.addresses().add(batch);
            } catch (KernelException ex) {
                failures.addressChangeFailed(ex);
                LOG.error("adding {} address(es) failed: {}", batch.size(), ex.getMessage());
            }
        }
        sectionAddresses = System.nanoTime();
        if (!frames.isEmpty()) {
            for (Map.Entry<String, List<byte[]>> e : frames.entrySet()) {
                try {
                    io.sendFrames(e.getKey(), e.getValue());
                } catch (KernelException ex) {
                    failures.frameSendFailed(ex);
                    LOG.warn("sending {} ARP/NA frame(s) on {} failed: {}", e.getValue().size(), e.getKey(),
                            ex.getMessage());
                }
            }
            frames.clear();
        }
    }
}
