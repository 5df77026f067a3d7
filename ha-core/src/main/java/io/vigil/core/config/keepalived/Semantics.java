package io.vigil.core.config.keepalived;

import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.RouteConfig;
import io.vigil.core.config.RuleConfig;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.TrackGroupConfig;
import io.vigil.core.config.TrackedInterface;
import io.vigil.core.config.TrackedObject;
import io.vigil.core.config.TrackedScript;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpScriptConfig;
import io.vigil.core.config.VrrpSyncGroupConfig;
import io.vigil.core.net.InetAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checks across blocks that keepalived makes when it completes its data (and a few it should make): names that
 * refer to nothing, duplicate VRIDs, sync group membership, tracking weights that keepalived ignores. Where
 * keepalived changes a value (weights of sync group members) the returned config holds the changed, effective
 * value and a warning says so. The same checks run on a config read from YAML.
 */
public final class Semantics {

    private Semantics() {
    }

    /** Checks {@code config}, reports to {@code diags}, returns the config with keepalived's corrections applied. */
    public static VigilConfig check(VigilConfig config, Diagnostics diags) {
        Map<String, VrrpScriptConfig> scripts = byName(config.vrrpScripts(), VrrpScriptConfig::name);
        Set<String> files = names(config.trackFiles(), f -> f.name());
        Set<String> processes = names(config.trackProcesses(), p -> p.name());
        Set<String> bfds = names(config.bfdInstances(), b -> b.name());
        Map<String, VrrpInstanceConfig> instances = new LinkedHashMap<>();
        for (VrrpInstanceConfig i : config.vrrpInstances()) {
            VrrpInstanceConfig first = instances.putIfAbsent(i.name(), i);
            if (first != null) {
                diags.error(i.location(), "vrrp_instance " + i.name() + " is already defined at "
                        + first.location());
            }
        }
        Set<String> usedScripts = new HashSet<>();

        // sync groups: members exist, belong to one group only
        Map<String, VrrpSyncGroupConfig> groupOf = new HashMap<>();
        List<VrrpSyncGroupConfig> groups = new ArrayList<>();
        for (VrrpSyncGroupConfig g : config.vrrpSyncGroups()) {
            List<String> members = new ArrayList<>();
            for (String m : g.members()) {
                if (!instances.containsKey(m)) {
                    String hint = ParseContext.suggest(m, instances.keySet());
                    diags.error(g.location(), "vrrp_sync_group " + g.name() + " names vrrp_instance " + m
                            + ", which is not defined" + (hint != null ? ": did you mean '" + hint + "'?" : ""));
                    continue;
                }
                VrrpSyncGroupConfig other = groupOf.putIfAbsent(m, g);
                if (other != null) {
                    diags.error(g.location(), "vrrp_instance " + m + " is in vrrp_sync_group " + other.name()
                            + " and in " + g.name() + ": an instance can be in one sync group only");
                    continue;
                }
                members.add(m);
            }
            if (members.isEmpty()) {
                diags.warning(g.location(), "vrrp_sync_group " + g.name() + " has no instances: it is ignored"
                        + (g.members().isEmpty() ? " (list them in group { ... })" : ""));
                continue;
            }
            if (members.size() == 1) {
                diags.warning(g.location(), "vrrp_sync_group " + g.name() + " has only one instance");
            }
            checkTracking(g.location(), "vrrp_sync_group " + g.name(), g.trackScripts(), g.trackFiles(),
                    g.trackProcesses(), g.trackBfds(), scripts, files, processes, bfds, usedScripts, diags);
            groups.add(new VrrpSyncGroupConfig(g.name(), members, g.notifyScripts(), g.trackInterfaces(),
                    g.trackScripts(), g.location(), g.trackFiles(), g.trackProcesses(), g.trackBfds(),
                    g.smtpAlert(), g.trackingWeight(), g.notifyPriorityChanges()));
        }

        // instances: references, effective tracking weights
        List<VrrpInstanceConfig> out = new ArrayList<>();
        for (VrrpInstanceConfig i : instances.values()) {
            String where = "vrrp_instance " + i.name();
            checkTracking(i.location(), where, i.trackScripts(), i.trackFiles(), i.trackProcesses(), i.trackBfds(),
                    scripts, files, processes, bfds, usedScripts, diags);
            VrrpSyncGroupConfig g = groupOf.get(i.name());
            boolean syncNoWeights = g != null && !g.trackingWeight();
            boolean owner = i.priority() == 255;
            VrrpInstanceConfig eff = i;
            if (syncNoWeights || owner) {
                String why = syncNoWeights ? "it is in vrrp_sync_group " + g.name()
                        + " (set sync_group_tracking_weight there to keep them)" : "it is the address owner"
                        + " (priority 255)";
                List<TrackedInterface> ifs = new ArrayList<>();
                for (TrackedInterface t : i.trackInterfaces()) {
                    if (t.weight() != 0) {
                        diags.warning(t.location(), where + ": the weight of tracked interface " + t.name()
                                + " is ignored because " + why);
                        if (syncNoWeights) {
                            ifs.add(new TrackedInterface(t.name(), 0, t.reverse(), t.location()));
                        }
                    } else {
                        ifs.add(t);
                    }
                }
                List<TrackedScript> scs = new ArrayList<>();
                for (TrackedScript t : i.trackScripts()) {
                    VrrpScriptConfig sc = scripts.get(t.name());
                    int w = t.weight() != null ? t.weight() : sc != null ? sc.weight() : 0;
                    if (w != 0) {
                        diags.warning(t.location(), where + ": tracked script " + t.name() + " has a weight and is"
                                + " ignored because " + why);
                    } else {
                        scs.add(t);
                    }
                }
                List<TrackedObject> fs = new ArrayList<>();
                for (TrackedObject t : i.trackFiles()) {
                    if (t.weight() != null && t.weight() != 0) {
                        diags.warning(t.location(), where + ": tracked file " + t.name() + " has a weight and is"
                                + " ignored because " + why + "; give it weight 0");
                    } else {
                        fs.add(t.weight() == null ? new TrackedObject(t.name(), 0, t.reverse(), t.location()) : t);
                    }
                }
                List<TrackedObject> ps = dropWeighted(i.trackProcesses(), where, "process", why, diags);
                List<TrackedObject> bs = dropWeighted(i.trackBfds(), where, "bfd", why, diags);
                eff = withTracking(i, ifs, scs, fs, ps, bs);
            }
            out.add(eff);
        }

        for (VrrpScriptConfig s : config.vrrpScripts()) {
            if (!usedScripts.contains(s.name())) {
                diags.warning(s.location(), "vrrp_script " + s.name() + " is not used by any instance or sync"
                        + " group");
            }
        }
        checkDuplicateVrids(out, diags);
        checkDuplicateVips(out, diags);
        checkTrackGroups(config, instances.keySet(), diags);

        VigilConfig vrrpChecked = new VigilConfig(config.globalDefs(), out, groups, config.location(),
                config.vrrpScripts(), config.trackFiles(), config.trackProcesses(), config.bfdInstances(),
                config.staticAddresses(), config.staticRoutes(), config.staticRules(), config.trackGroups(),
                config.garpGroups(), config.linkbeatInterfaces(), config.interfaceDelays(),
                config.virtualServerGroups(), config.virtualServers(), config.ssl());
        return LvsSemantics.check(vrrpChecked, diags);
    }

    private static List<TrackedObject> dropWeighted(List<TrackedObject> in, String where, String kind, String why,
                                                    Diagnostics diags) {
        List<TrackedObject> out = new ArrayList<>();
        for (TrackedObject t : in) {
            if (t.weight() != null && t.weight() != 0) {
                diags.warning(t.location(), where + ": tracked " + kind + " " + t.name() + " has a weight and is"
                        + " ignored because " + why);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    private static void checkTracking(SourceLocation at, String where, List<TrackedScript> scs,
                                      List<TrackedObject> fs, List<TrackedObject> ps, List<TrackedObject> bs,
                                      Map<String, VrrpScriptConfig> scripts, Set<String> files,
                                      Set<String> processes, Set<String> bfds, Set<String> used, Diagnostics d) {
        for (TrackedScript t : scs) {
            used.add(t.name());
            if (!scripts.containsKey(t.name())) {
                String hint = ParseContext.suggest(t.name(), scripts.keySet());
                d.error(t.location(), where + ": track_script names " + t.name() + ", but no vrrp_script "
                        + t.name() + " is defined" + (hint != null ? ": did you mean '" + hint + "'?" : ""));
            }
        }
        refs(fs, files, where, "track_file", "track_file", d);
        refs(ps, processes, where, "track_process", "vrrp_track_process", d);
        refs(bs, bfds, where, "track_bfd", "bfd_instance", d);
    }

    private static void refs(List<TrackedObject> refs, Set<String> defined, String where, String keyword,
                             String block, Diagnostics d) {
        for (TrackedObject t : refs) {
            if (!defined.contains(t.name())) {
                String hint = ParseContext.suggest(t.name(), defined);
                d.error(t.location(), where + ": " + keyword + " names " + t.name() + ", but no " + block + " "
                        + t.name() + " is defined" + (hint != null ? ": did you mean '" + hint + "'?" : ""));
            }
        }
    }

    /**
     * keepalived refuses two instances with the same VRID on one interface and family when they share a socket:
     * both multicast to the same group, or both unicast with a peer in common.
     */
    private static void checkDuplicateVrids(List<VrrpInstanceConfig> instances, Diagnostics d) {
        Map<String, VrrpInstanceConfig> owner = new HashMap<>();
        for (VrrpInstanceConfig i : instances) {
            String base = i.interfaceName() + "\u0000" + i.family() + "\u0000" + i.vrid() + "\u0000";
            List<String> keys = new ArrayList<>();
            if (i.isUnicast()) {
                i.unicastPeers().forEach(p -> keys.add(base + "u" + InetAddresses.toText(p)));
            } else {
                keys.add(base + "m" + i.multicastGroup());
            }
            VrrpInstanceConfig o = null;
            for (String k : keys) {
                o = owner.get(k);
                if (o != null) {
                    break;
                }
            }
            if (o != null) {
                d.error(i.location(), "vrrp_instance " + i.name() + " and vrrp_instance " + o.name() + " (line "
                        + o.location().line() + ") both use VRID " + i.vrid() + " with " + i.family().displayName()
                        + " on interface " + (i.interfaceName().isEmpty() ? "(none)" : i.interfaceName())
                        + (i.isUnicast() ? " with a common unicast peer" : "")
                        + ": give one of them another virtual_router_id");
                continue;
            }
            keys.forEach(k -> owner.put(k, i));
        }
    }

    private static void checkDuplicateVips(List<VrrpInstanceConfig> instances, Diagnostics d) {
        Map<InetAddress, VrrpInstanceConfig> owner = new HashMap<>();
        for (VrrpInstanceConfig i : instances) {
            List<VirtualAddress> all = new ArrayList<>(i.virtualAddresses());
            all.addAll(i.excludedAddresses());
            Set<InetAddress> seen = new HashSet<>();
            for (VirtualAddress a : all) {
                if (!seen.add(a.address())) {
                    d.warning(a.location(), "vrrp_instance " + i.name() + " lists " + InetAddresses.toText(a.address())
                            + " twice");
                    continue;
                }
                VrrpInstanceConfig o = owner.putIfAbsent(a.address(), i);
                if (o != null) {
                    d.warning(a.location(), "virtual address " + InetAddresses.toText(a.address()) + " is also in"
                            + " vrrp_instance " + o.name() + ": both instances will add and remove it");
                }
            }
        }
    }

    private static void checkTrackGroups(VigilConfig c, Set<String> instanceNames, Diagnostics d) {
        Set<String> groups = new HashSet<>();
        for (TrackGroupConfig g : c.trackGroups()) {
            groups.add(g.name());
            for (String m : g.instances()) {
                if (!instanceNames.contains(m)) {
                    String hint = ParseContext.suggest(m, instanceNames);
                    d.error(g.location(), "track_group " + g.name() + " names vrrp_instance " + m
                            + ", which is not defined" + (hint != null ? ": did you mean '" + hint + "'?" : ""));
                }
            }
        }
        for (VirtualAddress a : c.staticAddresses()) {
            trackGroupRef(a.trackGroup(), a.location(), groups, d);
            if (a.trackGroup() != null && a.device() == null) {
                d.error(a.location(), "a static address with track_group needs 'dev'");
            }
        }
        for (RouteConfig r : c.staticRoutes()) {
            trackGroupRef(r.trackGroup(), r.location(), groups, d);
        }
        for (RuleConfig r : c.staticRules()) {
            trackGroupRef(r.trackGroup(), r.location(), groups, d);
        }
    }

    private static void trackGroupRef(String name, SourceLocation at, Set<String> groups, Diagnostics d) {
        if (name != null && !groups.contains(name)) {
            String hint = ParseContext.suggest(name, groups);
            d.error(at, "track_group " + name + " is not defined" + (hint != null ? ": did you mean '" + hint + "'?"
                    : ": define track_group " + name + " { group { INSTANCE ... } }"));
        }
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : items) {
            m.putIfAbsent(name.apply(t), t);
        }
        return m;
    }

    private static <T> Set<String> names(List<T> items, Function<T, String> name) {
        return items.stream().map(name).collect(Collectors.toCollection(HashSet::new));
    }

    static VrrpInstanceConfig withTracking(VrrpInstanceConfig i, List<TrackedInterface> ifs,
                                           List<TrackedScript> scripts, List<TrackedObject> files,
                                           List<TrackedObject> processes, List<TrackedObject> bfds) {
        return new VrrpInstanceConfig(i.name(), i.interfaceName(), i.vrid(), i.priority(), i.initialState(),
                i.version(), i.family(), i.advertIntervalNanos(), i.preempt(), i.preemptDelayNanos(), i.acceptMode(),
                i.virtualAddresses(), i.excludedAddresses(), i.sourceAddress(), i.unicastPeers(),
                i.multicastGroup(), i.authentication(), ifs, scripts, i.garp(), i.notifyScripts(), i.vmac(),
                i.checksumMessageOnly(), i.lowerPriorityNoAdvert(), i.higherPrioritySendAdvert(),
                i.downTimerAdverts(), i.dontTrackPrimary(), i.location(), i.strictMode(), files, processes, bfds,
                i.virtualRoutes(), i.virtualRules(), i.unicast(), i.options());
    }
}
