package io.vigil.core.guard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.event.PeerHeard;
import io.vigil.core.loop.EventLoop;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.Datapath;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.MarkRule;
import io.vigil.core.port.PacketMarks;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fwmark rule manager at run time: keeps the mark rules of a {@link LoopGuardPlan} in the kernel, learns the
 * peer directors' MACs from their VRRP adverts ({@link #peerHeard}, fed by the VRRP runtime's peer listener) and
 * rewrites the rules in one transaction when a peer appears or is replaced. The engine passes its desired datapath
 * state through {@link #guard} before applying it, so the datapath balances the guarded services only for marked
 * packets.
 *
 * <p>Order: the rules are installed before the datapath switches a service to its mark (a marked packet without a
 * fwmark service is still taken by the address service, so nothing is lost on the way), and they stay while the
 * datapath holds the fwmark service.
 *
 * <p>The kernel side is opened on first need: a director without guarded services never touches nftables. A
 * refused transaction is logged and counted, never thrown out of the loop; {@link #repair} retries it.
 *
 * <p>Not thread-safe: run it on the daemon's event loop.
 */
public final class LoopGuard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopGuard.class);

    /** Opens the kernel side (libnftables) when the first rule is to be installed. */
    @FunctionalInterface
    public interface Opener {
        PacketMarks open() throws KernelException;
    }

    private final Opener opener;
    private PacketMarks marks;
    /** Replaced on the VRRP loop, read by the engine's loop through {@link #guard}. */
    private volatile LoopGuardPlan plan = LoopGuardPlan.NONE;
    /** Peer MACs heard per instance, by the peer's address (a replaced peer replaces its entry). */
    private final Map<String, Map<InetAddress, MacAddress>> learned = new HashMap<>();
    private List<MarkRule> applied;
    private boolean dirty;
    private final Counter updates;
    private final Counter failures;
    private final Counter drift;
    private final AtomicInteger guardedCount = new AtomicInteger();
    private EventLoop.Timer repairTimer;

    public LoopGuard(Opener opener, MeterRegistry registry) {
        this.opener = Objects.requireNonNull(opener, "opener");
        updates = Counter.builder("vigil.loop.guard.updates").tag("result", "success")
                .description("Transactions of the fwmark rule manager's mark rules").register(registry);
        failures = Counter.builder("vigil.loop.guard.updates").tag("result", "failure")
                .description("Transactions of the fwmark rule manager's mark rules").register(registry);
        drift = Counter.builder("vigil.loop.guard.drift")
                .description("Mark rules found changed behind vigil's back, and repaired").register(registry);
        registry.gauge("vigil.loop.guard.services", guardedCount);
    }

    /**
     * Takes a config (start-up or reload): which services are guarded, with which marks, and installs their rules.
     * Learned peers are kept across reloads.
     *
     * @param isLocal whether an address belongs to this director
     */
    public void configure(VigilConfig config, Predicate<InetAddress> isLocal) {
        LoopGuardPlan next = LoopGuardPlan.of(config, isLocal);
        next.notes().forEach(n -> LOG.warn("loop guard: {}", n));
        for (LoopGuardPlan.Guarded g : next.guarded()) {
            if (plan.guarded(g.service()) == null || plan.guarded(g.service()).mark() != g.mark()) {
                LOG.info("loop guard: {} is balanced as fwmark 0x{} ({})", g.service(), Integer.toHexString(g.mark()),
                        g.reason());
            }
        }
        plan = next;
        guardedCount.set(plan.guarded().size());
        update(Datapath.Read.CACHED);
    }

    /** A VRRP instance heard a new or replaced peer (call on the loop). */
    public void peerHeard(PeerHeard peer) {
        Map<InetAddress, MacAddress> byAddress = learned.computeIfAbsent(peer.instance(), k -> new LinkedHashMap<>());
        MacAddress before = byAddress.put(peer.address(), peer.mac());
        if (peer.mac().equals(before)) {
            return;
        }
        if (isVrrpVirtual(peer.mac())) {
            LOG.warn("({}) the peer {} sends its adverts from the virtual MAC {} (use_vmac): the frames it forwards"
                    + " come from its own MAC; set vigil_peer_mac for the loop guard", peer.instance(),
                    peer.address().getHostAddress(), peer.mac());
        }
        update(Datapath.Read.CACHED);
    }

    /** The desired datapath state with the guarded services balanced on their marks only (any thread). */
    public DatapathState guard(DatapathState desired) {
        return plan.guard(desired);
    }

    /** Reads the kernel's mark rules, repairs drift and retries a refused change (drift repair timer). */
    public List<String> repair() {
        return update(Datapath.Read.KERNEL);
    }

    /**
     * Runs {@link #repair} on {@code loop} every {@code intervalNanos} until {@link #close} (the drift repair of the
     * mark rules; only when there is something to repair: a director without guarded services does nothing).
     */
    public void repairEvery(EventLoop loop, long intervalNanos) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("the repair interval must be positive");
        }
        repairTimer = loop.schedule(loop.nanoTime() + intervalNanos, () -> {
            if (marks != null || !plan.isEmpty()) {
                repair();
            }
            repairEvery(loop, intervalNanos);
        });
    }

    public LoopGuardPlan plan() {
        return plan;
    }

    /** The rules as they should be now. */
    public List<MarkRule> rules() {
        return plan.rules(this::learned);
    }

    private Collection<MacAddress> learned(String instance) {
        return learned.getOrDefault(instance, Map.of()).values();
    }

    private List<String> update(Datapath.Read read) {
        List<MarkRule> want = rules();
        if (marks == null && want.isEmpty() && applied == null) {
            return List.of();
        }
        if (want.equals(applied) && !dirty && read == Datapath.Read.CACHED) {
            return List.of();
        }
        try {
            if (marks == null) {
                marks = opener.open();
            }
            List<String> found = marks.apply(want, dirty ? Datapath.Read.KERNEL : read);
            if (!found.isEmpty()) {
                drift.increment(found.size());
                found.forEach(d -> LOG.warn("loop guard drift repaired: {}", d));
            }
            if (!want.equals(applied)) {
                List<MarkRule> before = applied == null ? List.of() : applied;
                describe(before, want).forEach(line -> LOG.info("loop guard: {}", line));
                updates.increment();
            }
            applied = want;
            dirty = false;
            return found;
        } catch (KernelException | RuntimeException e) {
            failures.increment();
            dirty = true;
            LOG.error("loop guard: the mark rules could not be installed (retried at the next repair): {}",
                    e.getMessage());
            return List.of();
        }
    }

    private static List<String> describe(List<MarkRule> before, List<MarkRule> now) {
        List<String> out = new ArrayList<>();
        for (MarkRule r : now) {
            if (!before.contains(r)) {
                out.add("rule " + r);
            }
        }
        for (MarkRule r : before) {
            if (now.stream().noneMatch(n -> n.service().equals(r.service()))) {
                out.add("rule removed: " + r.service());
            }
        }
        return out;
    }

    static boolean isVrrpVirtual(MacAddress mac) {
        byte[] b = mac.toBytes();
        return b[0] == 0 && b[1] == 0 && b[2] == 0x5e && b[3] == 0 && (b[4] == 1 || b[4] == 2);
    }

    /**
     * Removes the mark rules (the datapath must no longer hold the guarded fwmark services, or their packets are not
     * balanced) and closes the kernel side.
     */
    public void clear() {
        if (marks == null) {
            return;
        }
        try {
            marks.clear();
            applied = null;
        } catch (KernelException e) {
            LOG.error("loop guard: the mark rules could not be removed: {}", e.getMessage());
        }
    }

    /** Closes the kernel side and leaves the rules in place, as the datapath's services stay (keepalived's way). */
    @Override
    public void close() {
        if (repairTimer != null) {
            repairTimer.cancel();
            repairTimer = null;
        }
        if (marks != null) {
            marks.close();
            marks = null;
        }
    }
}
