package io.vigil.vrrp.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.config.ConfigDiff;
import io.vigil.core.config.GlobalDefs;
import io.vigil.core.config.NotifyScripts;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.TrackFileConfig;
import io.vigil.core.config.TrackProcessConfig;
import io.vigil.core.config.TrackedInterface;
import io.vigil.core.config.TrackedObject;
import io.vigil.core.config.TrackedScript;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpScriptConfig;
import io.vigil.core.config.VrrpSyncGroupConfig;
import io.vigil.core.event.PeerHeard;
import io.vigil.core.event.TrackerState;
import io.vigil.core.event.TransitionReason;
import io.vigil.core.event.VrrpState;
import io.vigil.core.event.VrrpTransition;
import io.vigil.core.loop.EventLoop;
import io.vigil.core.loop.ManualEventLoop;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import io.vigil.core.notify.NotifyDispatcher;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.Link;
import io.vigil.core.port.LinkManager;
import io.vigil.vrrp.packet.DecodeOptions;
import io.vigil.vrrp.packet.VrrpProtocol;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/**
 * Every VRRP instance of a director on one event loop: opens one channel per interface and family, resolves
 * interfaces and addresses, follows link changes ({@code track_interface}, the instance's own interface) and the
 * health checker's trackers ({@code track_script}, {@code track_file}, {@code track_process}, see
 * {@link #trackerChanged}), keeps sync groups together, and reports transitions to listeners, metrics and notify
 * scripts, and tells peer listeners who the other routers are ({@link #addPeerListener}). All methods except the
 * two {@code add...Listener} must run on the loop.
 */
public final class VrrpRuntime implements InstanceRuntime.Host {

    private static final Logger LOG = LoggerFactory.getLogger(VrrpRuntime.class);
    /** Rehearsals of a takeover at start-up: enough for the JIT to compile its path (see rehearseTakeover). */
    private static final int REHEARSAL_ROUNDS = 200;

    private final EventLoop loop;
    private final VrrpIo io;
    private final VrrpMetrics metrics;
    private final NotifyDispatcher notify;
    private final KernelBatch batch;
    private final List<Consumer<VrrpTransition>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<PeerHeard>> peerListeners = new CopyOnWriteArrayList<>();
    private final Map<String, InstanceRuntime> instances = new LinkedHashMap<>();
    private final Map<ChannelKey, Channel> channels = new LinkedHashMap<>();
    private final Map<String, Link> links = new HashMap<>();
    private final Map<String, SyncGroup> groupOf = new HashMap<>();
    private final List<SyncGroup> groups = new ArrayList<>();
    private final List<String> createdLinks = new ArrayList<>();
    /** Sysctl values of VMAC parents before vigil changed them, restored at stop. */
    private final Map<String, String> savedSysctls = new LinkedHashMap<>();
    /** The last state of each tracker the health checker reported, by fault name ("script:NAME"). */
    private final Map<String, TrackerState> trackers = new HashMap<>();
    /** What each instance tracks beyond interfaces, directly or through its sync group, by instance name. */
    private final Map<String, List<Tracked>> tracking = new HashMap<>();
    /** The instances tracking each tracker, by fault name. */
    private final Map<String, List<InstanceRuntime>> trackedBy = new HashMap<>();
    private boolean started;
    /** Preemption held back on every instance ({@link #holdPreemption}). */
    private boolean preemptionHeld;
    /** The fault {@link #handOver} raises. */
    static final String HANDOVER_FAULT = "handover";
    /** The config running now. */
    private VigilConfig current;
    private AutoCloseable watch;
    private boolean strict;
    /** {@link #LOG}, or a logger that drops everything while rehearsing. */
    private final Logger log;
    /** This runtime is the start-up rehearsal of another one. */
    private final boolean rehearsal;

    private record ChannelKey(String receiveInterface, String sendInterface, AddressFamily family) {
    }

    /**
     * One tracked script, file or process of an instance, with the weight it is tracked with (the entry's, else the
     * tracker's own) and whether the tracker starts failed ({@code init_fail}).
     */
    private record Tracked(TrackerState.Kind kind, String name, int weight, boolean reverse, boolean initFail) {
        String fault() {
            return TrackerState.faultName(kind, name);
        }
    }

    /** A sync group at run time. */
    private static final class SyncGroup {
        final VrrpSyncGroupConfig config;
        final List<InstanceRuntime> members = new ArrayList<>();
        VrrpState state = VrrpState.INITIALIZE;

        SyncGroup(VrrpSyncGroupConfig config) {
            this.config = config;
        }
    }

    /**
     * @param notify where notify scripts go, or {@code null} for none
     */
    public VrrpRuntime(EventLoop loop, VrrpIo io, VrrpMetrics metrics, NotifyDispatcher notify) {
        this(loop, io, metrics, notify, false);
    }

    private VrrpRuntime(EventLoop loop, VrrpIo io, VrrpMetrics metrics, NotifyDispatcher notify,
                        boolean rehearsal) {
        this.rehearsal = rehearsal;
        this.log = rehearsal ? NOPLogger.NOP_LOGGER : LOG;
        this.loop = loop;
        this.io = io;
        this.metrics = metrics;
        this.notify = notify;
        this.batch = new KernelBatch(loop, io, new KernelBatch.Failures() {
            @Override
            public void advertSendFailed(KernelException e) {
                metrics.kernelError("advert_send");
            }

            @Override
            public void addressChangeFailed(KernelException e) {
                metrics.kernelError("address_change");
            }

            @Override
            public void frameSendFailed(KernelException e) {
                metrics.kernelError("frame_send");
            }
        });
    }

    /** Listeners hear every transition, on the loop, after its actions were queued. Safe from any thread. */
    public void addListener(Consumer<VrrpTransition> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Peer listeners hear, on the loop, each time an instance hears an advert from another router than the last one
     * it heard (its address or its MAC differs): the first advert of a peer, a replaced peer. The fwmark rule
     * manager learns the peer director's MAC this way. Safe from any thread.
     */
    public void addPeerListener(Consumer<PeerHeard> listener) {
        peerListeners.add(Objects.requireNonNull(listener));
    }

    // ------------------------------------------------------------------ start

    /**
     * Starts every instance of the config. An instance whose interface is missing starts in FAULT and recovers
     * when the interface appears.
     *
     * @throws KernelException when a channel cannot be opened (permissions, no such protocol)
     */
    public void start(VigilConfig config) throws KernelException {
        checkLoop();
        strict = config.globalDefs().vrrpStrict();
        for (Link l : io.links().links()) {
            links.put(l.name(), l);
        }
        watch = io.links().watch(e -> loop.execute(() -> onLinkEvent(e)));
        List<InterfaceAddress> stale = new ArrayList<>();
        for (VrrpInstanceConfig c : config.vrrpInstances()) {
            InstanceRuntime i = create(c, inSyncGroup(config, c.name()));
            instances.put(c.name(), i);
            stale.addAll(i.addresses());
        }
        index(config);
        // a crashed run may have left VIPs behind: a fresh start owns none
        if (!stale.isEmpty()) {
            try {
                io.addresses().remove(stale);
            } catch (KernelException e) {
                log.warn("could not clean addresses left by an earlier run: {}", e.getMessage());
            }
        }
        for (InstanceRuntime i : instances.values()) {
            register(i);
            refreshTracking(i);
        }
        if (!rehearsal && !config.vrrpInstances().isEmpty()) {
            rehearseTakeover(config.vrrpInstances());
        }
        for (InstanceRuntime i : instances.values()) {
            for (String ifname : i.announcementInterfaces()) {
                try {
                    io.prepareFrames(ifname);
                } catch (KernelException e) {
                    log.warn("({}) cannot prepare gratuitous ARP on {}: {}", i.config.name(), ifname, e.getMessage());
                }
            }
            try {
                for (int round = 0; round < REHEARSAL_ROUNDS; round++) {
                    i.rehearse(io);
                }
            } catch (KernelException e) {
                log.warn("({}) rehearsing the takeover failed: {}", i.config.name(), e.getMessage());
            }
        }
        for (InstanceRuntime i : instances.values()) {
            i.start();
        }
        started = true;
        current = config;
        log.info("started {} VRRP instance(s) on {} channel(s)", instances.size(), channels.size());
    }

    /**
     * Rebuilds what links instances to each other and to trackers: sync groups and the tracked scripts, files and
     * processes of every instance (directly or through its group). Called at start and after each reload.
     */
    private void index(VigilConfig config) {
        groups.clear();
        groupOf.clear();
        for (VrrpSyncGroupConfig g : config.vrrpSyncGroups()) {
            SyncGroup sg = new SyncGroup(g);
            groups.add(sg);
            for (String m : g.members()) {
                groupOf.put(m, sg);
                InstanceRuntime i = instances.get(m);
                if (i != null) {
                    sg.members.add(i);
                }
            }
        }
        tracking.clear();
        trackedBy.clear();
        for (InstanceRuntime i : instances.values()) {
            VrrpInstanceConfig c = i.config;
            SyncGroup g = groupOf.get(c.name());
            List<Tracked> t = rehearsal ? List.of() : tracked(c, g == null ? null : g.config, config);
            tracking.put(c.name(), t);
            for (Tracked x : t) {
                trackedBy.computeIfAbsent(x.fault(), k -> new ArrayList<>()).add(i);
            }
        }
    }

    // ------------------------------------------------------------------ reload

    /**
     * Applies a new config, touching only what changed (SIGHUP): a removed instance stops as on shutdown (priority
     * 0 from a MASTER, VIPs removed); an added one starts; a changed one keeps its state and, when MASTER, its VIPs:
     * only the VIPs that changed are removed or added (and the new ones announced), a new priority or tracking
     * takes effect at once. A change of VRID, family, interface or {@code use_vmac} restarts that instance.
     * Instances are matched as keepalived matches them (VRID, family and interface, then name).
     *
     * @return one line per change made, for the log and the control socket
     */
    public List<String> reload(VigilConfig now) throws KernelException {
        checkLoop();
        List<String> done = new ArrayList<>();
        List<VrrpInstanceConfig> toStart = new ArrayList<>();
        for (ConfigDiff.Change<VrrpInstanceConfig> ch : ConfigDiff.between(current, now).vrrpInstances()) {
            switch (ch.kind()) {
                case REMOVED -> {
                    remove(ch.before().name());
                    done.add("instance " + ch.before().name() + " removed");
                }
                case ADDED -> toStart.add(ch.after());
                case CHANGED -> {
                    VrrpInstanceConfig before = ch.before();
                    VrrpInstanceConfig after = ch.after();
                    if (sameIdentity(before, after)) {
                        InstanceRuntime i = instances.remove(before.name());
                        instances.put(after.name(), i);
                        List<InterfaceAddress> oldAddresses = i.addresses();
                        i.reconfigure(after, inSyncGroup(now, after.name()));
                        bindAddresses(i, vipInterfaceOf(after));
                        i.addressesChanged(oldAddresses);
                        done.add("instance " + after.name() + " changed: " + String.join(", ", ch.fields()));
                    } else {
                        remove(before.name());
                        toStart.add(after);
                        done.add("instance " + before.name() + " restarted (" + String.join(", ", ch.fields())
                                + ")");
                    }
                }
            }
        }
        List<InstanceRuntime> added = new ArrayList<>();
        for (VrrpInstanceConfig c : toStart) {
            InstanceRuntime i = create(c, inSyncGroup(now, c.name()));
            instances.put(c.name(), i);
            added.add(i);
            if (done.stream().noneMatch(l -> l.startsWith("instance " + c.name() + " restarted"))) {
                done.add("instance " + c.name() + " added");
            }
        }
        current = now;
        index(now);
        for (InstanceRuntime i : added) {
            register(i);
        }
        for (InstanceRuntime i : instances.values()) {
            refreshTracking(i);
        }
        for (InstanceRuntime i : added) {
            i.start();
        }
        for (String line : done) {
            log.info("reload: {}", line);
        }
        if (notify != null && now.globalDefs().fifoWriteStatesOnReload()) {
            // keepalived's fifo_write_vrrp_states_on_reload: every instance's and group's state, as it is now
            for (InstanceRuntime i : instances.values()) {
                notify.writeFifoState(NotifyDispatcher.Kind.INSTANCE, i.config.name(), i.state(),
                        i.fsmState().effectivePriority());
            }
            for (SyncGroup g : groups) {
                notify.writeFifoState(NotifyDispatcher.Kind.GROUP, g.config.name(), groupState(g), 0);
            }
        }
        return done;
    }

    private void register(InstanceRuntime i) {
        metrics.registerInstance(i.config.name(), i.config.vrid(), i.config.interfaceName(), i,
                x -> x.state().metricValue(), x -> x.fsmState().effectivePriority(),
                InstanceRuntime::secondsSinceTransition, InstanceRuntime::secondsSinceHeard,
                InstanceRuntime::lastFailoverSeconds);
    }

    private static boolean inSyncGroup(VigilConfig config, String instance) {
        return config.vrrpSyncGroups().stream().anyMatch(g -> g.members().contains(instance));
    }

    /** What cannot change under a running instance: it is stopped and started again instead. */
    private static boolean sameIdentity(VrrpInstanceConfig a, VrrpInstanceConfig b) {
        return a.vrid() == b.vrid() && a.family() == b.family() && a.interfaceName().equals(b.interfaceName())
                && Objects.equals(a.vmac(), b.vmac()) && a.version() == b.version()
                && a.isUnicast() == b.isUnicast();
    }

    private static String vipInterfaceOf(VrrpInstanceConfig c) {
        if (c.vmac() == null) {
            return c.interfaceName();
        }
        return c.vmac().interfaceName() != null ? c.vmac().interfaceName() : "vrrp." + c.vrid();
    }

    /** Stops one instance as on shutdown and forgets it. */
    private void remove(String name) {
        InstanceRuntime i = instances.remove(name);
        if (i == null) {
            return;
        }
        i.shutdown();
        i.channel.unregister(i);
        metrics.unregisterInstance(name);
    }

    private InstanceRuntime create(VrrpInstanceConfig c, boolean syncGroupMember) throws KernelException {
        String parent = c.interfaceName();
        String vipInterface = parent;
        String sendInterface = parent;
        if (c.vmac() != null) {
            String name = c.vmac().interfaceName() != null ? c.vmac().interfaceName() : "vrrp." + c.vrid();
            MacAddress mac = c.vmac().mac() != null ? c.vmac().mac() : MacAddress.vrrpVirtual(c.family(), c.vrid());
            if (links.containsKey(parent)) {
                Link vmac = io.links().createMacvlan(parent, name, mac);
                links.put(vmac.name(), vmac);
                createdLinks.add(name);
                io.configureVmacSysctls(name, parent).forEach(savedSysctls::putIfAbsent);
            }
            vipInterface = name;
            sendInterface = c.vmac().xmitBase() ? parent : name;
        }
        if (c.options().promoteSecondaries() && links.containsKey(vipInterface)) {
            // keepalived's promote_secondaries: removing one address of a subnet keeps the others on the link
            try {
                io.setInterfaceSysctls(vipInterface, Map.of("promote_secondaries", "1"))
                        .forEach(savedSysctls::putIfAbsent);
            } catch (KernelException e) {
                log.warn("({}) promote_secondaries on {}: {}", c.name(), vipInterface, e.getMessage());
            }
        }
        ChannelKey key = new ChannelKey(parent, sendInterface, c.family());
        Channel channel = channels.get(key);
        if (channel == null) {
            DecodeOptions options = DecodeOptions.DEFAULT.withRequireLinkLocalFirst(strict);
            List<InetAddress> groupsToJoin = new ArrayList<>();
            groupsToJoin.add(VrrpProtocol.group(c.family()));
            Channel[] holder = new Channel[1];
            VrrpIo.AdvertChannel ch = io.openChannel(sendInterface, parent, c.family(), groupsToJoin,
                    packets -> {
                        // the time the packets left the socket, not the time the loop gets to them: a master-down
                        // deadline counts from the advert's arrival, whatever the hand-off to the loop costs
                        long arrived = loop.nanoTime();
                        loop.execute(() -> holder[0].onPackets(packets, arrived));
                    });
            channel = new Channel(parent, c.family(), ch, options, metrics);
            holder[0] = channel;
            channels.put(key, channel);
        }
        // keepalived: IPv4 adverts leave from the parent's primary address (a VMAC interface has none), IPv6 ones
        // from the link-local of the interface that sends them
        InetAddress source = c.sourceAddress() != null ? c.sourceAddress()
                : primaryAddress(c.family() == AddressFamily.INET ? parent : sendInterface, c.family(), c);
        boolean missingSource = source == null;
        if (missingSource) {
            source = c.family() == AddressFamily.INET ? VrrpProtocol.IPV4_GROUP : VrrpProtocol.IPV6_GROUP;
        }
        InstanceRuntime i = new InstanceRuntime(c, sendInterface, channel, loop, batch, metrics, this, source,
                syncGroupMember, rehearsal ? log : InstanceRuntime.LOG);
        channel.register(i);
        i.setPreemptionHeld(preemptionHeld);
        bindAddresses(i, vipInterface);
        if (missingSource) {
            i.setFault("source-address", true);
        }
        return i;
    }

    /** Resolves the VIPs to kernel addresses (with their interface index) and the announcement MAC. */
    private void bindAddresses(InstanceRuntime i, String vipInterface) {
        VrrpInstanceConfig c = i.config;
        List<InterfaceAddress> kernel = new ArrayList<>();
        Map<Integer, String> names = new HashMap<>();
        Map<Integer, MacAddress> otherMacs = new HashMap<>();
        List<VirtualAddress> all = new ArrayList<>(c.virtualAddresses());
        all.addAll(c.excludedAddresses());
        for (VirtualAddress v : all) {
            String dev = v.device() != null ? v.device() : vipInterface;
            Link l = links.get(dev);
            if (l == null) {
                log.warn("({}) interface {} of VIP {} does not exist: the VIP is skipped", c.name(), dev, v.prefix());
                continue;
            }
            names.put(l.index(), dev);
            if (!dev.equals(vipInterface) && l.mac() != null) {
                otherMacs.put(l.index(), l.mac());
            }
            kernel.add(new InterfaceAddress(l.index(), v.prefix(), v.scope().rtScope(), v.label(), v.broadcast(),
                    v.address() instanceof Inet6Address, v.noPrefixRoute()));
        }
        Link vl = links.get(vipInterface);
        Inet6Address ll = null;
        if (vl != null) {
            InetAddress a = linkLocal(vipInterface);
            ll = a instanceof Inet6Address x ? x : null;
        }
        i.bind(kernel, vl == null ? null : vl.mac(), ll);
        i.interfaceNames(names, otherMacs);
    }

    /** keepalived's advert source: the first IPv4 address of the interface, or its IPv6 link-local. */
    private InetAddress primaryAddress(String ifname, AddressFamily family, VrrpInstanceConfig c) {
        if (family == AddressFamily.INET6) {
            return linkLocal(ifname);
        }
        Link l = links.get(ifname);
        if (l == null) {
            return null;
        }
        try {
            for (InterfaceAddress a : io.addresses().list(l.index())) {
                if (a.address() instanceof Inet4Address && !isVip(c, a.address())) {
                    return a.address();
                }
            }
        } catch (KernelException e) {
            log.warn("cannot list the addresses of {}: {}", ifname, e.getMessage());
        }
        return null;
    }

    private InetAddress linkLocal(String ifname) {
        Link l = links.get(ifname);
        if (l == null) {
            return null;
        }
        try {
            for (InterfaceAddress a : io.addresses().list(l.index())) {
                if (a.address() instanceof Inet6Address && a.address().isLinkLocalAddress()) {
                    return a.address();
                }
            }
        } catch (KernelException e) {
            log.warn("cannot list the addresses of {}: {}", ifname, e.getMessage());
        }
        return null;
    }

    private static boolean isVip(VrrpInstanceConfig c, InetAddress a) {
        return c.virtualAddresses().stream().anyMatch(v -> v.address().equals(a))
                || c.excludedAddresses().stream().anyMatch(v -> v.address().equals(a));
    }

    /**
     * Runs a takeover and a shutdown of one instance of each family against {@link RehearsalIo} on a manual clock:
     * every line of Java a takeover runs (state machine, batching, announcing, lambdas and their bootstraps) has
     * then run once, so the first real takeover is not slowed by loading it. Touches no kernel and no metric of
     * this runtime; logs nothing.
     */
    private void rehearseTakeover(List<VrrpInstanceConfig> configs) {
        List<VrrpInstanceConfig> samples = new ArrayList<>();
        Set<AddressFamily> seen = new HashSet<>();
        for (VrrpInstanceConfig c : configs) {
            if (seen.add(c.family())) {
                samples.add(c.toBuilder().vmac(null).notify(NotifyScripts.NONE).build());
            }
        }
        // enough rounds for the JIT to compile the path, not only to load it
        for (int round = 0; round < REHEARSAL_ROUNDS; round++) {
            ManualEventLoop manual = new ManualEventLoop(0);
            VrrpRuntime dry = new VrrpRuntime(manual, new RehearsalIo(samples),
                    new VrrpMetrics(new SimpleMeterRegistry()), null, true);
            try {
                dry.start(new VigilConfig(GlobalDefs.DEFAULTS, samples, List.of(), SourceLocation.NONE));
                manual.advance(10_000_000_000L);
                dry.stop();
                manual.runPending();
            } catch (KernelException | RuntimeException e) {
                LOG.debug("takeover rehearsal failed (harmless): {}", e.toString());
                return;
            }
        }
    }

    // ------------------------------------------------------------------ links and tracking

    private void onLinkEvent(LinkManager.LinkEvent e) {
        if (e instanceof LinkManager.LinkChanged lc) {
            Link before = links.put(lc.link().name(), lc.link());
            if (before == null || before.isUp() != lc.link().isUp() || before.index() != lc.link().index()) {
                log.info("interface {} is {}", lc.link().name(), lc.link().isUp() ? "up" : "down");
                instances.values().forEach(this::refreshTracking);
            }
        } else if (e instanceof LinkManager.LinkRemoved lr) {
            if (links.remove(lr.name()) != null) {
                log.info("interface {} removed", lr.name());
                instances.values().forEach(this::refreshTracking);
            }
        } else if (e instanceof LinkManager.AddressAdded aa) {
            for (InstanceRuntime i : instances.values()) {
                String sourceInterface = i.config.family() == AddressFamily.INET ? i.config.interfaceName()
                        : i.sendInterface;
                Link l = links.get(sourceInterface);
                if (l != null && l.index() == aa.address().ifindex() && i.faults().contains("source-address")
                        && i.config.sourceAddress() == null) {
                    InetAddress src = primaryAddress(sourceInterface, i.config.family(), i.config);
                    if (src != null) {
                        i.sourceChanged(src);
                        i.setFault("source-address", false);
                    }
                }
            }
        } else if (e instanceof LinkManager.AddressRemoved ar) {
            repairRemovedVip(ar.address());
        }
    }

    /** Someone removed a VIP of a MASTER behind vigil's back: put it back (drift repair). */
    private void repairRemovedVip(InterfaceAddress removed) {
        for (InstanceRuntime i : instances.values()) {
            if (i.state() != VrrpState.MASTER) {
                continue;
            }
            for (InterfaceAddress a : i.addresses()) {
                if (a.ifindex() == removed.ifindex() && a.address().equals(removed.address())) {
                    log.warn("({}) VIP {} was removed while MASTER: adding it back", i.config.name(), a.prefix());
                    metrics.kernelError("vip_drift");
                    batch.add(List.of(a));
                }
            }
        }
    }

    /**
     * A tracked script, file or process changed state (the health checker's report, {@code TrackerState}):
     * applies keepalived's rules to every instance tracking it, directly or through its sync group. Before
     * {@link #start} the state is only recorded, and applied when the instances start, so a daemon can hand over
     * the first readings before the first advert. Must run on the loop.
     */
    public void trackerChanged(TrackerState state) {
        checkLoop();
        trackers.put(state.faultName(), state);
        if (!started) {
            return;
        }
        for (InstanceRuntime i : trackedBy.getOrDefault(state.faultName(), List.of())) {
            refreshTracking(i);
        }
    }

    /**
     * The scripts, files and processes an instance tracks, with their effective weights: the entry's weight, else
     * the tracker's own (with its {@code reverse}); an entry of the sync group replaces the instance's own entry for
     * the same tracker unless that one is unweighted, as keepalived does.
     */
    private static List<Tracked> tracked(VrrpInstanceConfig c, VrrpSyncGroupConfig g, VigilConfig config) {
        Map<String, Tracked> out = new LinkedHashMap<>();
        addTracked(out, c.trackScripts(), c.trackFiles(), c.trackProcesses(), config, false);
        if (g != null) {
            addTracked(out, g.trackScripts(), g.trackFiles(), g.trackProcesses(), config, true);
        }
        return List.copyOf(out.values());
    }

    private static void addTracked(Map<String, Tracked> out, List<TrackedScript> scripts, List<TrackedObject> files,
                                   List<TrackedObject> processes, VigilConfig config, boolean group) {
        for (TrackedScript t : scripts) {
            VrrpScriptConfig s = config.vrrpScript(t.name()).orElse(null);
            int ownWeight = s == null ? 0 : s.weight();
            boolean ownReverse = s != null && s.weightReverse();
            put(out, new Tracked(TrackerState.Kind.SCRIPT, t.name(), t.weight() != null ? t.weight() : ownWeight,
                    t.weight() != null ? t.reverse() : ownReverse || t.reverse(), s != null && s.initFail()), group);
        }
        for (TrackedObject t : files) {
            TrackFileConfig f = config.trackFiles().stream().filter(x -> x.name().equals(t.name())).findFirst()
                    .orElse(null);
            put(out, object(TrackerState.Kind.FILE, t, f == null ? 1 : f.weight(), f != null && f.reverse()), group);
        }
        for (TrackedObject t : processes) {
            TrackProcessConfig p = config.trackProcesses().stream().filter(x -> x.name().equals(t.name()))
                    .findFirst().orElse(null);
            put(out, object(TrackerState.Kind.PROCESS, t, p == null ? 0 : p.weight(), p != null && p.reverse()),
                    group);
        }
    }

    private static Tracked object(TrackerState.Kind kind, TrackedObject t, int ownWeight, boolean ownReverse) {
        return new Tracked(kind, t.name(), t.weight() != null ? t.weight() : ownWeight,
                t.weight() != null ? t.reverse() : ownReverse || t.reverse(), false);
    }

    private static void put(Map<String, Tracked> out, Tracked t, boolean group) {
        Tracked mine = out.get(t.fault());
        if (mine == null || (group && mine.weight() != 0)) {
            out.put(t.fault(), t);
        }
    }

    /**
     * Recomputes an instance's tracking faults and weights, the one place they change: its own interface (unless
     * {@code dont_track_primary}), each {@code track_interface} of the instance and its sync group, and each tracked
     * script, file and process (see {@link TrackingWeights} for keepalived's arithmetic). An unweighted tracker
     * that has not reported yet holds the instance in FAULT (keepalived starts an instance tracking a script that
     * has not run in FAULT); a weighted one adds nothing until it reports, unless it starts failed
     * ({@code init_fail}).
     */
    private void refreshTracking(InstanceRuntime i) {
        VrrpInstanceConfig c = i.config;
        Set<String> downFaults = new HashSet<>();
        if (!c.dontTrackPrimary() && !isUp(c.interfaceName())) {
            downFaults.add("link:" + c.interfaceName());
        }
        int weight = 0;
        SyncGroup g = groupOf.get(c.name());
        List<TrackedInterface> ifs = new ArrayList<>(c.trackInterfaces());
        if (g != null) {
            ifs.addAll(g.config.trackInterfaces());
        }
        for (TrackedInterface t : ifs) {
            boolean up = isUp(t.name());
            if (t.weight() == 0) {
                if (TrackingWeights.faults(up, t.reverse())) {
                    downFaults.add("link:" + t.name());
                }
            } else {
                weight += TrackingWeights.contribution(up, t.weight(), t.reverse());
            }
        }
        for (Tracked t : tracking.getOrDefault(c.name(), List.of())) {
            TrackerState s = trackers.get(t.fault());
            if (t.kind() == TrackerState.Kind.FILE) {
                if (s == null) {
                    if (t.weight() == 0) {
                        downFaults.add(t.fault());
                    }
                    continue;
                }
                int e = TrackingWeights.file(s.value(), t.weight(), t.reverse());
                if (e == TrackingWeights.FILE_FAULT) {
                    downFaults.add(t.fault());
                } else {
                    weight += e;
                }
                continue;
            }
            Boolean up = s != null ? Boolean.valueOf(s.ok()) : t.initFail() ? Boolean.FALSE : null;
            if (t.weight() == 0) {
                if (up == null || TrackingWeights.faults(up, t.reverse())) {
                    downFaults.add(t.fault());
                }
            } else if (up != null) {
                weight += TrackingWeights.contribution(up, t.weight(), t.reverse());
            }
        }
        for (String f : i.faults()) {
            if (isTrackingFault(f) && !downFaults.contains(f)) {
                i.setFault(f, false);
            }
        }
        for (String f : downFaults) {
            i.setFault(f, true);
        }
        if (c.priority() < 255) {
            i.setPriority(Math.max(1, Math.min(254, c.priority() + weight)));
        }
        refreshGroupFaults(g);
    }

    /** The faults {@link #refreshTracking} owns (others: the source address, the sync group). */
    private static boolean isTrackingFault(String fault) {
        return fault.startsWith("link:") || fault.startsWith("script:") || fault.startsWith("file:")
                || fault.startsWith("process:");
    }

    private boolean isUp(String ifname) {
        Link l = links.get(ifname);
        return l != null && l.isUp();
    }

    // ------------------------------------------------------------------ sync groups

    /** One member with a fault of its own puts every other member in FAULT ("group:NAME"). */
    private void refreshGroupFaults(SyncGroup g) {
        if (g == null) {
            return;
        }
        String key = "group:" + g.config.name();
        for (InstanceRuntime m : g.members) {
            boolean othersFaulted = g.members.stream().anyMatch(o -> o != m && o.hasOwnFault());
            m.setFault(key, othersFaulted);
        }
    }

    @Override
    public void requestGroupMaster(InstanceRuntime instance) {
        SyncGroup g = groupOf.get(instance.config.name());
        if (g == null) {
            instance.groupRelease();
            return;
        }
        boolean all = g.members.stream()
                .allMatch(m -> m.state() == VrrpState.MASTER || m.fsmState().wantMaster());
        if (all) {
            log.info("sync group {}: every member wants MASTER", g.config.name());
            for (InstanceRuntime m : List.copyOf(g.members)) {
                if (m.fsmState().wantMaster()) {
                    m.groupRelease();
                }
            }
        } else {
            log.info("({}) wants MASTER; sync group {} waits for its other members", instance.config.name(),
                    g.config.name());
        }
    }

    @Override
    public void transitioned(InstanceRuntime instance, VrrpState from, VrrpState to, TransitionReason reason,
                             int priority, long atNanos) {
        VrrpInstanceConfig c = instance.config;
        metrics.transition(c.name(), from, to, reason);
        if (to == VrrpState.MASTER) {
            instance.recordTakeover(reason);
        }
        if (notify != null) {
            notify.notifyState(NotifyDispatcher.Kind.INSTANCE, c.name(), to, priority, c.notifyScripts());
        }
        VrrpTransition event = new VrrpTransition(c.name(), c.vrid(), c.interfaceName(), c.family(), from, to,
                reason, priority, atNanos, Instant.now());
        for (Consumer<VrrpTransition> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.error("transition listener failed", e);
            }
        }
        SyncGroup g = groupOf.get(c.name());
        if (g == null) {
            return;
        }
        if (from == VrrpState.MASTER && to == VrrpState.BACKUP && reason != TransitionReason.SYNC_GROUP) {
            for (InstanceRuntime m : List.copyOf(g.members)) {
                if (m != instance && m.state() == VrrpState.MASTER) {
                    m.groupForceBackup();
                }
            }
        }
        VrrpState groupState = groupState(g);
        if (groupState != g.state) {
            log.info("sync group {}: {} -> {}", g.config.name(), g.state, groupState);
            g.state = groupState;
            if (notify != null) {
                notify.notifyState(NotifyDispatcher.Kind.GROUP, g.config.name(), groupState, 0,
                        g.config.notifyScripts());
            }
        }
    }

    private static VrrpState groupState(SyncGroup g) {
        if (g.members.stream().anyMatch(m -> m.state() == VrrpState.FAULT)) {
            return VrrpState.FAULT;
        }
        if (g.members.stream().allMatch(m -> m.state() == VrrpState.MASTER)) {
            return VrrpState.MASTER;
        }
        if (g.members.stream().allMatch(m -> m.state() == VrrpState.INITIALIZE)) {
            return VrrpState.INITIALIZE;
        }
        return VrrpState.BACKUP;
    }

    @Override
    public void peerHeard(InstanceRuntime instance, InetAddress address, MacAddress mac) {
        if (peerListeners.isEmpty()) {
            return;
        }
        VrrpInstanceConfig c = instance.config;
        PeerHeard event = new PeerHeard(c.name(), c.vrid(), instance.channel.receiveInterface, address, mac,
                Instant.now());
        // after the advert's own work, like transitions: a listener never delays a timer
        loop.executeWhenIdle(() -> {
            log.info("({}) peer {} at {}", c.name(), mac, address.getHostAddress());
            for (Consumer<PeerHeard> l : peerListeners) {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    log.error("peer listener failed", e);
                }
            }
        });
    }

    @Override
    public void lowerPriorityMaster(InstanceRuntime instance) {
        metrics.lowerPriorityMaster(instance.config.name());
        NotifyScripts n = instance.config.notifyScripts();
        if (notify != null && n.masterRxLowerPriority() != null) {
            notify.run(n.masterRxLowerPriority(), List.of());
        }
    }

    // ------------------------------------------------------------------ operator controls

    /**
     * Holds preemption back on every instance, or lets it go again: while held, a BACKUP that hears a master of
     * lower priority follows it (as with {@code nopreempt}) instead of taking over, at start-up too; when released,
     * it preempts at the master's next advert as usual (after {@code preempt_delay}). Taking over from a master that
     * went silent, or that sent priority 0, is never held back, nor is an address owner (priority 255).
     *
     * <p>The hook of {@code vigil_preempt_after_sync}: the daemon holds preemption until the IPVS backup sync
     * daemon has filled this director's connection table, so that a returning master does not reset the clients
     * whose connections it has not learnt yet. May be called before {@link #start}. Must run on the loop.
     */
    public void holdPreemption(boolean held) {
        checkLoop();
        if (held != preemptionHeld) {
            log.info("preemption {} on every instance", held ? "held back" : "allowed again");
        }
        preemptionHeld = held;
        for (InstanceRuntime i : instances.values()) {
            i.setPreemptionHeld(held);
        }
    }

    /**
     * Hands this director's mastership over before it stops ({@code vigil drain --director}): every instance goes
     * to FAULT with the fault {@value #HANDOVER_FAULT}, so a MASTER sends a priority 0 advert and removes its VIPs
     * (the peer takes over after its skew time, whatever its preempt setting), and no instance becomes MASTER
     * again until the daemon stops. The instances keep receiving adverts ({@link InstanceView#advertsReceived()}
     * counts them), which is how the caller sees the peer advertising as the new master. Must run on the loop.
     *
     * @return the instances that were MASTER
     */
    public List<String> handOver() {
        checkLoop();
        List<String> masters = new ArrayList<>();
        for (InstanceRuntime i : instances.values()) {
            if (i.state() == VrrpState.MASTER) {
                masters.add(i.config.name());
            }
        }
        log.info("handing over: {} instance(s) were MASTER {}", masters.size(), masters);
        for (InstanceRuntime i : instances.values()) {
            i.setFault(HANDOVER_FAULT, true);
        }
        return masters;
    }

    // ------------------------------------------------------------------ stop and views

    /**
     * Stops every instance: a MASTER sends priority 0 and removes its VIPs (sent before this returns), then the
     * channels close and the macvlans vigil created are deleted.
     */
    public void stop() {
        checkLoop();
        for (InstanceRuntime i : instances.values()) {
            i.shutdown();
        }
        batch.flush();
        for (Channel c : channels.values()) {
            c.close();
        }
        channels.clear();
        io.restoreSysctls(savedSysctls);
        savedSysctls.clear();
        for (String name : createdLinks) {
            try {
                io.links().deleteLink(name);
            } catch (KernelException e) {
                log.warn("could not delete {}: {}", name, e.getMessage());
            }
        }
        createdLinks.clear();
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                log.debug("closing the link watch: {}", e.getMessage());
            }
        }
        log.info("stopped {} VRRP instance(s)", instances.size());
    }

    /** A snapshot of every instance. */
    public List<InstanceView> view() {
        checkLoop();
        List<InstanceView> out = new ArrayList<>(instances.size());
        for (InstanceRuntime i : instances.values()) {
            out.add(i.view());
        }
        return out;
    }

    /** The state of one instance, or {@code null}. */
    public VrrpState state(String instance) {
        checkLoop();
        InstanceRuntime i = instances.get(instance);
        return i == null ? null : i.state();
    }

    private void checkLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("VrrpRuntime must be used from its event loop");
        }
    }
}
