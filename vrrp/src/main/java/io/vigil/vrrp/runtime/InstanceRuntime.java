package io.vigil.vrrp.runtime;

import static io.vigil.vrrp.fsm.InstanceState.NO_DEADLINE;

import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.event.TransitionReason;
import io.vigil.core.event.VrrpState;
import io.vigil.core.loop.EventLoop;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.IpSocket;
import io.vigil.vrrp.announce.AnnouncementFrames;
import io.vigil.vrrp.fsm.InstanceState;
import io.vigil.vrrp.fsm.Transition;
import io.vigil.vrrp.fsm.VrrpAction;
import io.vigil.vrrp.fsm.VrrpEvent;
import io.vigil.vrrp.fsm.VrrpParams;
import io.vigil.vrrp.fsm.VrrpStateMachine;
import io.vigil.vrrp.packet.AdvertTemplate;
import io.vigil.vrrp.packet.ChecksumForm;
import io.vigil.vrrp.packet.DecodeResult;
import io.vigil.vrrp.packet.ReceiveExpectations;
import io.vigil.vrrp.packet.ReceiveVerdict;
import io.vigil.vrrp.packet.V2Auth;
import io.vigil.vrrp.packet.VrrpAdvertisement;
import io.vigil.vrrp.packet.VrrpProtocol;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One VRRP instance at run time: the pure state machine plus what it needs to act — its timers on the event loop,
 * its advert template, its addresses, its announcer. Every method runs on the event loop.
 */
final class InstanceRuntime {

    static final Logger LOG = LoggerFactory.getLogger(InstanceRuntime.class);

    /** What the instance asks of the runtime that owns it. */
    interface Host {
        /**
         * A transition happened; called from an idle task of the loop (after the transition's kernel work, and
         * never before a due timer), so logging, metrics, scripts and listeners never delay a takeover.
         */
        void transitioned(InstanceRuntime instance, VrrpState from, VrrpState to, TransitionReason reason,
                          int priority, long atNanos);

        void requestGroupMaster(InstanceRuntime instance);

        void lowerPriorityMaster(InstanceRuntime instance);

        /** An advert came from another router than the last one heard (address or MAC): a new or replaced peer. */
        void peerHeard(InstanceRuntime instance, InetAddress address, MacAddress mac);
    }

    VrrpInstanceConfig config;
    final String sendInterface;
    final Channel channel;
    private final EventLoop loop;
    private final KernelBatch batch;
    private final VrrpMetrics metrics;
    private final Host host;
    private ReceiveExpectations expectations;
    private final RateLimitedLog warnLog = new RateLimitedLog();
    private Announcer announcer;
    private List<InetAddress> destinations;
    private final Logger log;
    private final VrrpMetrics.InstanceCounters counters;

    private VrrpParams params;
    private InstanceState state;
    private AdvertTemplate template;
    private InetAddress source;
    private List<InterfaceAddress> addresses;
    private MacAddress announceMac;
    private Inet6Address announceLinkLocal;
    private EventLoop.Timer masterDownTimer;
    private EventLoop.Timer adverTimer;
    private final Map<String, Boolean> faults = new TreeMap<>();
    private MacAddress peerMac;
    private InetAddress peerAddress;
    private long lastTransitionNanos;
    private long lastHeardNanos = NO_DEADLINE;
    /** Preemption held back by the runtime (see {@link VrrpRuntime#holdPreemption}). */
    private boolean preemptionHeld;
    /** The last takeover by the master-down timer: last advert heard to VIPs added, in seconds; 0 otherwise. */
    private double lastFailoverSeconds;
    long advertsReceived;
    long advertsSent;

    InstanceRuntime(VrrpInstanceConfig config, String sendInterface, Channel channel, EventLoop loop,
                    KernelBatch batch, VrrpMetrics metrics, Host host, InetAddress source, boolean syncGroupMember,
                    Logger log) {
        this.log = log;
        this.config = config;
        this.counters = metrics.instanceCounters(config.name());
        this.sendInterface = sendInterface;
        this.channel = channel;
        this.loop = loop;
        this.batch = batch;
        this.metrics = metrics;
        this.host = host;
        this.expectations = ReceiveExpectations.of(config);
        this.destinations = destinationsOf(config);
        this.addresses = List.of();
        this.params = VrrpParams.of(config, source, syncGroupMember);
        this.state = InstanceState.initial(params);
        this.source = source;
        this.template = buildTemplate(source);
        this.announcer = new Announcer(loop, batch, config.garp(), config.family() == AddressFamily.INET6,
                this::announcementRounds);
        this.lastTransitionNanos = loop.nanoTime();
    }

    private static List<InetAddress> destinationsOf(VrrpInstanceConfig c) {
        return c.isUnicast() ? c.unicastPeers()
                : List.of(c.multicastGroup() != null ? c.multicastGroup() : VrrpProtocol.group(c.family()));
    }

    /**
     * Takes a changed config of the same VRID, family and interface, keeping the state (and, when MASTER, the
     * VIPs: see {@link #addressesChanged}). A new priority reaches the state machine through the runtime's
     * tracking, which adds the weights.
     */
    void reconfigure(VrrpInstanceConfig c, boolean syncGroupMember) {
        this.config = c;
        this.expectations = ReceiveExpectations.of(c);
        this.destinations = destinationsOf(c);
        this.params = VrrpParams.of(c, source, syncGroupMember);
        applyHold();
        this.template = buildTemplate(source);
        boolean announcing = state.state() == VrrpState.MASTER;
        announcer.stop();
        this.announcer = new Announcer(loop, batch, c.garp(), c.family() == AddressFamily.INET6,
                this::announcementRounds);
        if (announcing && c.garp().masterRefreshNanos() > 0) {
            announcer.startRefreshOnly();
        }
    }

    /**
     * After a reload re-bound the VIPs: a MASTER removes the ones gone, adds the new ones and announces them.
     */
    void addressesChanged(List<InterfaceAddress> before) {
        if (state.state() != VrrpState.MASTER) {
            return;
        }
        List<InterfaceAddress> gone = new ArrayList<>(before);
        gone.removeAll(addresses);
        List<InterfaceAddress> added = new ArrayList<>(addresses);
        added.removeAll(before);
        batch.remove(gone);
        batch.add(added);
        if (!added.isEmpty()) {
            announcer.start();
        }
    }

    private AdvertTemplate buildTemplate(InetAddress src) {
        List<InetAddress> vips = new ArrayList<>(config.virtualAddresses().size());
        for (VirtualAddress v : config.virtualAddresses()) {
            vips.add(v.address());
        }
        int interval = VrrpAdvertisement.intervalFromNanos(config.version(), config.advertIntervalNanos());
        VrrpAdvertisement ad = config.version() == 2
                ? VrrpAdvertisement.v2(config.vrid(), config.priority(), interval, vips,
                        V2Auth.of(config.authentication()))
                : VrrpAdvertisement.v3(config.vrid(), config.priority(), interval, vips);
        ChecksumForm form = config.checksumMessageOnly() ? ChecksumForm.MESSAGE_ONLY : ChecksumForm.PSEUDO_HEADER;
        return AdvertTemplate.of(ad, form, src);
    }

    /** The kernel addresses (with their ifindex) and the announcement source; set before start and on changes. */
    void bind(List<InterfaceAddress> kernelAddresses, MacAddress mac, Inet6Address linkLocal) {
        this.addresses = List.copyOf(kernelAddresses);
        this.announceMac = mac;
        this.announceLinkLocal = linkLocal;
    }

    List<InterfaceAddress> addresses() {
        return addresses;
    }

    /** The advert source changed (an address came or went on the interface). */
    void sourceChanged(InetAddress newSource) {
        if (newSource != null && !newSource.equals(source)) {
            source = newSource;
            template = buildTemplate(newSource);
            params = params.withPrimaryAddress(newSource);
        }
    }

    InetAddress source() {
        return source;
    }

    /**
     * Holds preemption back (a BACKUP follows a lower-priority master instead of taking over from it) or lets it go
     * again, as {@code nopreempt} would; an instance configured with {@code nopreempt} never preempts either way.
     * Taking over from a silent master is not preemption and is never held.
     */
    void setPreemptionHeld(boolean held) {
        if (held == preemptionHeld) {
            return;
        }
        preemptionHeld = held;
        applyHold();
    }

    /** Preempt_Mode: the config's, unless held back (an address owner is never held). */
    private void applyHold() {
        params = params.withPreempt(config.preempt() && !(preemptionHeld && config.priority() < 255));
    }

    boolean preemptionHeld() {
        return preemptionHeld;
    }

    VrrpState state() {
        return state.state();
    }

    InstanceState fsmState() {
        return state;
    }

    // ------------------------------------------------------------------ inputs

    void start() {
        step(new VrrpEvent.Startup(loop.nanoTime()));
    }

    void shutdown() {
        step(new VrrpEvent.Shutdown(loop.nanoTime()));
    }

    void groupRelease() {
        step(new VrrpEvent.SyncGroupRelease(loop.nanoTime()));
    }

    void groupForceBackup() {
        step(new VrrpEvent.SyncGroupForceBackup(loop.nanoTime()));
    }

    void setPriority(int effective) {
        if (effective != state.effectivePriority()) {
            log.info("({}) effective priority {} -> {}", config.name(), state.effectivePriority(), effective);
            step(new VrrpEvent.PriorityChanged(loop.nanoTime(), effective));
        }
    }

    /** Sets or clears one named fault; the state machine hears only the first raise and the last clear. */
    void setFault(String reason, boolean active) {
        boolean before = !faults.isEmpty();
        if (active) {
            faults.put(reason, Boolean.TRUE);
        } else {
            faults.remove(reason);
        }
        boolean after = !faults.isEmpty();
        if (before != after) {
            log.info("({}) fault {} {}", config.name(), reason, active ? "raised" : "cleared");
            step(after ? new VrrpEvent.FaultRaised(loop.nanoTime()) : new VrrpEvent.FaultCleared(loop.nanoTime()));
        }
    }

    List<String> faults() {
        return List.copyOf(faults.keySet());
    }

    boolean hasOwnFault() {
        return faults.keySet().stream().anyMatch(f -> !f.startsWith("group:"));
    }

    void onAdvert(DecodeResult.Accepted packet, MacAddress mac, long arrivedNanos) {
        ReceiveVerdict verdict = expectations.check(packet);
        if (verdict instanceof ReceiveVerdict.Discard d) {
            metrics.advertInvalid(config.name(), channel.receiveInterface, d.reason().label());
            if (warnLog.shouldLog(d.reason().label())) {
                log.warn("({}) advert from {} discarded ({}): {}", config.name(), packet.source().getHostAddress(),
                        d.reason().label(), d.detail());
            }
            return;
        }
        if (verdict instanceof ReceiveVerdict.AcceptWithWarnings w) {
            for (ReceiveVerdict.Warning warning : w.warnings()) {
                if (warnLog.shouldLog(warning.reason().label())) {
                    log.warn("({}) advert from {}: {} ({})", config.name(), packet.source().getHostAddress(),
                            warning.detail(), warning.reason().label());
                }
            }
        }
        advertsReceived++;
        counters.advertsReceived().increment();
        VrrpAdvertisement ad = packet.advertisement();
        if (ad.priority() == 0) {
            counters.priorityZeroReceived().increment();
        }
        if (!mac.equals(peerMac) || !packet.source().equals(peerAddress)) {
            peerMac = mac;
            peerAddress = packet.source();
            host.peerHeard(this, peerAddress, mac);
        }
        lastHeardNanos = arrivedNanos;
        step(new VrrpEvent.AdvertReceived(arrivedNanos, ad.priority(), ad.intervalNanos(), packet.source()));
    }

    // ------------------------------------------------------------------ the one place state changes

    private void step(VrrpEvent event) {
        InstanceState before = state;
        Transition t = VrrpStateMachine.step(params, state, event);
        state = t.next();
        for (VrrpAction a : t.actions()) {
            execute(a);
        }
        armTimers();
        if (t.reason() != null && before.state() != state.state()) {
            lastTransitionNanos = loop.nanoTime();
            VrrpState from = before.state();
            VrrpState to = state.state();
            TransitionReason reason = t.reason();
            int priority = state.effectivePriority();
            long at = lastTransitionNanos;
            loop.executeWhenIdle(() -> {
                log.info("({}) {} -> {} ({})", config.name(), from, to, reason.label());
                host.transitioned(this, from, to, reason, priority, at);
            });
        } else if (t.note() != null && log.isDebugEnabled()) {
            log.debug("({}) {}: {}", config.name(), event.getClass().getSimpleName(), t.note());
        }
    }

    private void execute(VrrpAction action) {
        if (action instanceof VrrpAction.SendAdvert s) {
            sendAdvert(s.priority());
        } else if (action instanceof VrrpAction.AddAddresses) {
            batch.add(addresses);
        } else if (action instanceof VrrpAction.RemoveAddresses) {
            batch.remove(addresses);
        } else if (action instanceof VrrpAction.StartAnnouncing) {
            announcer.start();
        } else if (action instanceof VrrpAction.StopAnnouncing) {
            announcer.stop();
        } else if (action instanceof VrrpAction.AnnounceAfterLowerPriority) {
            announcer.afterLowerPriority();
        } else if (action instanceof VrrpAction.NotifyLowerPriorityMaster) {
            host.lowerPriorityMaster(this);
        } else if (action instanceof VrrpAction.RequestGroupMaster) {
            host.requestGroupMaster(this);
        } else {
            throw new IllegalStateException("unknown action " + action);
        }
    }

    private void sendAdvert(int priority) {
        for (InetAddress dst : destinations) {
            batch.advert(channel.io, new IpSocket.Datagram(source, dst, template.message(priority, dst)));
        }
        advertsSent += destinations.size();
        counters.advertsSent().increment(destinations.size());
        if (priority == 0) {
            counters.priorityZeroSent().increment();
        }
    }

    private List<Announcer.Round> announcementRounds() {
        if (announceMac == null || addresses.isEmpty()) {
            return List.of();
        }
        // one round per interface the addresses live on (a VIP may name another dev)
        Map<Integer, List<InetAddress>> perIf = new TreeMap<>();
        for (InterfaceAddress a : addresses) {
            perIf.computeIfAbsent(a.ifindex(), k -> new ArrayList<>()).add(a.address());
        }
        List<Announcer.Round> rounds = new ArrayList<>(perIf.size());
        for (Map.Entry<Integer, List<InetAddress>> e : perIf.entrySet()) {
            String ifname = interfaceNames.getOrDefault(e.getKey(), sendInterface);
            // a VIP on another device is announced there with that device's MAC, which is where its traffic goes
            MacAddress mac = otherMacs.getOrDefault(e.getKey(), announceMac);
            rounds.add(new Announcer.Round(ifname, AnnouncementFrames.forAddresses(mac, announceLinkLocal,
                    e.getValue(), false)));
        }
        return rounds;
    }

    private Map<Integer, String> interfaceNames = Map.of();
    /** The MACs of the devices other than the VIP interface that VIPs name ({@code dev}), by index. */
    private Map<Integer, MacAddress> otherMacs = Map.of();

    /** The interfaces this instance's VIPs are announced on. */
    List<String> announcementInterfaces() {
        List<String> out = new ArrayList<>();
        for (InterfaceAddress a : addresses) {
            String n = interfaceNames.getOrDefault(a.ifindex(), sendInterface);
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Runs the code of a takeover once without touching the kernel (state machine, advert and frame building), so
     * that the first real takeover does not pay for loading and linking it.
     */
    void rehearse(VrrpIo io) throws io.vigil.core.port.KernelException {
        InstanceState s = state;
        long now = loop.nanoTime();
        Transition t = VrrpStateMachine.step(params, s, new VrrpEvent.Startup(now));
        VrrpStateMachine.step(params, t.next(), new VrrpEvent.MasterDownTimerExpired(
                t.next().masterDownArmed() ? t.next().masterDownDeadline() : now));
        List<IpSocket.Datagram> datagrams = new ArrayList<>(destinations.size());
        for (InetAddress dst : destinations) {
            datagrams.add(new IpSocket.Datagram(source, dst, template.message(s.effectivePriority(), dst)));
        }
        channel.io.rehearse(datagrams);
        for (Announcer.Round r : announcementRounds()) {
            io.rehearseFrames(r.interfaceName(), r.frames());
        }
        io.addresses().rehearse(addresses);
    }

    void interfaceNames(Map<Integer, String> names, Map<Integer, MacAddress> macs) {
        this.interfaceNames = Map.copyOf(names);
        this.otherMacs = Map.copyOf(macs);
    }

    // ------------------------------------------------------------------ timers

    private void armTimers() {
        long md = state.masterDownDeadline();
        if (md == NO_DEADLINE) {
            cancel(masterDownTimer);
            masterDownTimer = null;
        } else if (masterDownTimer == null || masterDownTimer.isCancelled()
                || masterDownTimer.deadlineNanos() - md > 0) {
            // (re)arm only when the deadline moved earlier: a later one is re-checked when the timer fires, so
            // thousands of adverts a second do not churn the timer queue
            cancel(masterDownTimer);
            masterDownTimer = loop.schedule(md, this::onMasterDownTimer);
        }
        long ad = state.adverDeadline();
        if (ad == NO_DEADLINE) {
            cancel(adverTimer);
            adverTimer = null;
        } else {
            long at = onAdvertGrid(ad);
            if (adverTimer == null || adverTimer.isCancelled() || adverTimer.deadlineNanos() != at) {
                cancel(adverTimer);
                adverTimer = loop.schedule(at, this::onAdverTimer);
            }
        }
    }

    private void onMasterDownTimer() {
        masterDownTimer = null;
        long md = state.masterDownDeadline();
        if (md == NO_DEADLINE) {
            return;
        }
        if (loop.nanoTime() - md < 0) {
            masterDownTimer = loop.schedule(md, this::onMasterDownTimer);
            return;
        }
        long late = loop.nanoTime() - md;
        step(new VrrpEvent.MasterDownTimerExpired(loop.nanoTime()));
        if (late > 1_000_000L) {
            log.info("({}) master-down timer ran {} ms late", config.name(),
                    String.format(java.util.Locale.ROOT, "%.2f", late / 1e6));
        }
    }

    /**
     * Adverts go out on a 1 ms grid: a deadline is rounded up to the next millisecond, so the adverts of many
     * instances with the same interval fall due together and leave in one sendmmsg, at most 1 ms late (a backup
     * waits three intervals plus its skew).
     */
    static long onAdvertGrid(long deadline) {
        long rem = Math.floorMod(deadline, ADVERT_GRID_NANOS);
        return rem == 0 ? deadline : deadline + (ADVERT_GRID_NANOS - rem);
    }

    static final long ADVERT_GRID_NANOS = 1_000_000L;

    private void onAdverTimer() {
        adverTimer = null;
        step(new VrrpEvent.AdverTimerExpired(loop.nanoTime()));
    }

    private static void cancel(EventLoop.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    // ------------------------------------------------------------------ views

    InstanceView view() {
        return new InstanceView(config.name(), config.vrid(), config.interfaceName(), state.state(),
                config.priority(), state.effectivePriority(), state.masterAddress(), state.masterPriority(), peerMac,
                faults(), advertsReceived, advertsSent);
    }

    double secondsSinceTransition() {
        return (loop.nanoTime() - lastTransitionNanos) / 1e9;
    }

    /**
     * A transition to MASTER was reported (after its kernel work, so the VIPs are in): for a takeover by the
     * master-down timer, the time since the last advert heard; else 0.
     */
    void recordTakeover(TransitionReason reason) {
        lastFailoverSeconds = reason == TransitionReason.MASTER_DOWN_TIMER && lastHeardNanos != NO_DEADLINE
                ? (loop.nanoTime() - lastHeardNanos) / 1e9 : 0;
    }

    double lastFailoverSeconds() {
        return lastFailoverSeconds;
    }

    double secondsSinceHeard() {
        return lastHeardNanos == NO_DEADLINE ? Double.NaN : (loop.nanoTime() - lastHeardNanos) / 1e9;
    }

    MacAddress peerMac() {
        return peerMac;
    }
}
