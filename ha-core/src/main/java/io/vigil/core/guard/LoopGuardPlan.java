package io.vigil.core.guard;

import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.lvs.Forwarding;
import io.vigil.core.config.lvs.LoopGuard;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.MarkRule;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Which virtual services the fwmark rule manager guards against the master/backup loop, with which mark, and what
 * that makes of the datapath's desired state and of the mark rules. Pure: computed from the config and the
 * director's own addresses; the peers' MACs come in when the rules are made.
 *
 * <p><b>Which.</b> An address service ({@code virtual_server IP PORT}) with DR or TUN real servers, when
 * {@code vigil_loop_guard} (its own, else global_defs') is {@code on}, or {@code auto} (the default) and one of
 * those real servers is an address of this director. NAT cannot loop (the real server receives a packet addressed
 * to itself, not to the VIP); fwmark services are marked by the operator's rules; groups are not guarded yet (see
 * {@link #notes()}).
 *
 * <p><b>Marks.</b> {@code 0x76670000 + n} ("vg"), n from a CRC-32 of the service, probing past marks the config's
 * own fwmark services use, so a service keeps its mark across reloads and restarts unless another one collides.
 *
 * <p><b>Peers.</b> A service's peer MACs are those configured ({@code vigil_peer_mac} of the VRRP instance whose
 * VIPs hold the service address, else global_defs'), otherwise those learned from that instance's adverts.
 */
public final class LoopGuardPlan {

    /** The first mark vigil uses ("vg" in the upper half). */
    public static final int MARK_BASE = 0x76670000;
    private static final int MARK_SPAN = 0x10000;

    /** Guards nothing. */
    public static final LoopGuardPlan NONE = new LoopGuardPlan(Map.of(), List.of());

    /**
     * One guarded service.
     *
     * @param service         the address service as the datapath state names it
     * @param mark            its mark: the datapath balances it as {@code fwmark mark}
     * @param instance        the VRRP instance whose VIPs hold the service address, or {@code null} when none does
     * @param inputInterface  where the service's packets arrive (the VIP's {@code dev}, else the instance's
     *                        interface), or {@code null}
     * @param configuredPeers the configured peer MACs (instance's, else global_defs'); empty: learned ones
     * @param reason          why it is guarded, for the log
     */
    public record Guarded(ServiceKey service, int mark, String instance, String inputInterface,
                          List<MacAddress> configuredPeers, String reason) {
        public Guarded {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(reason, "reason");
            configuredPeers = List.copyOf(configuredPeers);
        }

        /** The fwmark service that replaces {@link #service} in the datapath. */
        public ServiceKey markedService() {
            return ServiceKey.fwmark(service.family(), mark);
        }
    }

    private final Map<ServiceKey, Guarded> guarded;
    private final List<String> notes;

    private LoopGuardPlan(Map<ServiceKey, Guarded> guarded, List<String> notes) {
        this.guarded = guarded;
        this.notes = List.copyOf(notes);
    }

    /**
     * @param isLocal whether an address belongs to this director (for {@code auto})
     */
    public static LoopGuardPlan of(VigilConfig config, Predicate<InetAddress> isLocal) {
        LoopGuard global = config.globalDefs().lvs().loopGuard();
        List<String> notes = new ArrayList<>();
        Map<ServiceKey, String> reasons = new LinkedHashMap<>();
        Map<ServiceKey, VirtualServerConfig> configs = new LinkedHashMap<>();
        Set<Integer> taken = new HashSet<>();
        for (VirtualServerConfig vs : config.virtualServers()) {
            if (vs.fwmark() != null) {
                taken.add(vs.fwmark().intValue());
            }
            LoopGuard mode = vs.loopGuard() != null ? vs.loopGuard() : global;
            if (mode == LoopGuard.OFF) {
                continue;
            }
            List<RealServerConfig> looping = vs.realServers().stream()
                    .filter(r -> r.forwarding().method() != Forwarding.Method.NAT).toList();
            String reason;
            if (mode == LoopGuard.ON) {
                reason = "vigil_loop_guard on";
            } else {
                reason = looping.stream().filter(r -> isLocal.test(r.address())).findFirst()
                        .map(r -> "real server " + InetAddresses.toText(r.address()) + " is this director")
                        .orElse(null);
                if (reason == null) {
                    continue;
                }
            }
            if (vs.fwmark() != null && mode == LoopGuard.AUTO) {
                continue; // the operator's own marks: nothing to say
            }
            if (vs.address() == null) {
                notes.add(vs.displayName() + ": not guarded against the director loop: "
                        + (vs.fwmark() != null ? "a fwmark service is marked by its own rules"
                        : "virtual server groups are not guarded yet (use vigil_loop_guard off to silence this)"));
                continue;
            }
            if (looping.isEmpty() && mode == LoopGuard.ON) {
                notes.add(vs.displayName() + ": guarded though it has no DR or TUN real server (NAT does not loop)");
            }
            ServiceKey key = ServiceKey.of(ServiceKey.Protocol.valueOf(vs.protocol() == null ? "TCP"
                    : vs.protocol().name()), vs.address(), vs.port());
            reasons.put(key, reason);
            configs.put(key, vs);
        }
        Map<ServiceKey, Integer> marks = marks(reasons.keySet(), taken);
        Map<ServiceKey, Guarded> out = new LinkedHashMap<>();
        for (Map.Entry<ServiceKey, String> e : reasons.entrySet()) {
            ServiceKey key = e.getKey();
            VrrpInstanceConfig owner = owner(config, key.address());
            String input = null;
            List<MacAddress> peers = config.globalDefs().vrrp().peerMacs();
            if (owner != null) {
                input = owner.interfaceName();
                for (VirtualAddress va : addresses(owner)) {
                    if (va.address().equals(key.address()) && va.device() != null) {
                        input = va.device();
                    }
                }
                peers = owner.options().peerMacs();
            } else {
                notes.add(configs.get(key).displayName() + ": no vrrp_instance holds " + InetAddresses.toText(
                        key.address()) + (peers.isEmpty() ? ": its peer can only come from vigil_peer_mac in"
                        + " global_defs, which is not set: its packets are all balanced" : ": using global_defs'"
                        + " vigil_peer_mac"));
            }
            out.put(key, new Guarded(key, marks.get(key), owner == null ? null : owner.name(), input, peers,
                    e.getValue()));
        }
        return new LoopGuardPlan(out, notes);
    }

    private static List<VirtualAddress> addresses(VrrpInstanceConfig i) {
        List<VirtualAddress> all = new ArrayList<>(i.virtualAddresses());
        all.addAll(i.excludedAddresses());
        return all;
    }

    private static VrrpInstanceConfig owner(VigilConfig config, InetAddress vip) {
        for (VrrpInstanceConfig i : config.vrrpInstances()) {
            for (VirtualAddress va : addresses(i)) {
                if (va.address().equals(vip)) {
                    return i;
                }
            }
        }
        return null;
    }

    private static Map<ServiceKey, Integer> marks(Collection<ServiceKey> keys, Set<Integer> taken) {
        List<ServiceKey> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> a.toString().compareTo(b.toString()));
        Set<Integer> used = new HashSet<>(taken);
        Map<ServiceKey, Integer> out = new LinkedHashMap<>();
        for (ServiceKey k : sorted) {
            CRC32 crc = new CRC32();
            crc.update(k.toString().getBytes(StandardCharsets.UTF_8));
            int n = (int) (crc.getValue() % MARK_SPAN);
            while (used.contains(MARK_BASE + n)) {
                n = (n + 1) % MARK_SPAN;
            }
            used.add(MARK_BASE + n);
            out.put(k, MARK_BASE + n);
        }
        return out;
    }

    public boolean isEmpty() {
        return guarded.isEmpty();
    }

    /** The guarded services, in config order. */
    public List<Guarded> guarded() {
        return List.copyOf(guarded.values());
    }

    /** The guarded service with that key, or {@code null}. */
    public Guarded guarded(ServiceKey key) {
        return guarded.get(key);
    }

    /** What the config asks that the guard does not do, one sentence each (logged once per configuration). */
    public List<String> notes() {
        return notes;
    }

    /**
     * The datapath state that balances only marked packets: each guarded service becomes {@code fwmark MARK} with
     * the same settings and real servers; the other services are unchanged.
     */
    public DatapathState guard(DatapathState desired) {
        if (guarded.isEmpty()) {
            return desired;
        }
        List<VirtualService> out = new ArrayList<>(desired.services().size());
        for (VirtualService s : desired.services()) {
            Guarded g = guarded.get(s.key());
            out.add(g == null ? s : new VirtualService(g.markedService(), s.scheduler(), s.schedulerFlags(),
                    s.persistenceTimeout(), s.persistencePrefix(), s.onePacket(), s.realServers()));
        }
        return new DatapathState(out);
    }

    /**
     * The mark rules, one per guarded service.
     *
     * @param learned the peer MACs learned so far for a VRRP instance (empty when none)
     */
    public List<MarkRule> rules(Function<String, Collection<MacAddress>> learned) {
        List<MarkRule> out = new ArrayList<>(guarded.size());
        for (Guarded g : guarded.values()) {
            List<MacAddress> peers = g.configuredPeers();
            if (peers.isEmpty() && g.instance() != null) {
                peers = List.copyOf(new java.util.TreeSet<>(learned.apply(g.instance())));
            }
            out.add(new MarkRule(g.service(), g.mark(), peers, g.inputInterface()));
        }
        return out;
    }
}
