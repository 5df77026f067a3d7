package io.vigil.core.config;

import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.config.lvs.VirtualServerGroupConfig;
import io.vigil.core.config.tree.ModelTree;
import io.vigil.core.net.InetAddresses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a reload changes: for each kind of block, what was added, removed and changed (with the names of the
 * changed fields), so that SIGHUP applies only that. Where a node was written (its line) does not count as a change.
 *
 * <p>Matching follows keepalived: instances by VRID, address family and interface (a renamed instance keeps its
 * state), then by name; virtual servers by address, port and protocol (or fwmark, or group); real servers by
 * address and port; everything else by name, or by value for addresses, routes and rules.
 */
public record ConfigDiff(List<String> globalDefsChanges, List<Change<VrrpInstanceConfig>> vrrpInstances,
                         List<Change<VrrpSyncGroupConfig>> vrrpSyncGroups,
                         List<Change<VrrpScriptConfig>> vrrpScripts, List<Change<TrackFileConfig>> trackFiles,
                         List<Change<TrackProcessConfig>> trackProcesses, List<Change<BfdInstanceConfig>> bfdInstances,
                         List<Change<VirtualAddress>> staticAddresses, List<Change<RouteConfig>> staticRoutes,
                         List<Change<RuleConfig>> staticRules,
                         List<Change<VirtualServerGroupConfig>> virtualServerGroups,
                         List<Change<VirtualServerConfig>> virtualServers) {

    public ConfigDiff {
        globalDefsChanges = List.copyOf(globalDefsChanges);
        vrrpInstances = List.copyOf(vrrpInstances);
        vrrpSyncGroups = List.copyOf(vrrpSyncGroups);
        vrrpScripts = List.copyOf(vrrpScripts);
        trackFiles = List.copyOf(trackFiles);
        trackProcesses = List.copyOf(trackProcesses);
        bfdInstances = List.copyOf(bfdInstances);
        staticAddresses = List.copyOf(staticAddresses);
        staticRoutes = List.copyOf(staticRoutes);
        staticRules = List.copyOf(staticRules);
        virtualServerGroups = List.copyOf(virtualServerGroups);
        virtualServers = List.copyOf(virtualServers);
    }

    public enum Kind { ADDED, REMOVED, CHANGED }

    /**
     * One difference.
     *
     * @param before   the old node ({@code null} when added)
     * @param after    the new node ({@code null} when removed)
     * @param fields   for a change, the keys of the fields that differ (as in a dump: {@code priority},
     *                 {@code virtual_addresses}...)
     * @param children for a changed virtual server, the changes of its real servers
     */
    public record Change<T>(Kind kind, T before, T after, List<String> fields, List<Change<RealServerConfig>> children) {
        public Change {
            Objects.requireNonNull(kind, "kind");
            fields = List.copyOf(fields);
            children = List.copyOf(children);
        }
    }

    /** The difference from {@code old} to {@code now}. */
    public static ConfigDiff between(VigilConfig old, VigilConfig now) {
        return new ConfigDiff(ModelTree.differences(old.globalDefs(), now.globalDefs()),
                instances(old.vrrpInstances(), now.vrrpInstances()),
                byKey(old.vrrpSyncGroups(), now.vrrpSyncGroups(), VrrpSyncGroupConfig::name),
                byKey(old.vrrpScripts(), now.vrrpScripts(), VrrpScriptConfig::name),
                byKey(old.trackFiles(), now.trackFiles(), TrackFileConfig::name),
                byKey(old.trackProcesses(), now.trackProcesses(), TrackProcessConfig::name),
                byKey(old.bfdInstances(), now.bfdInstances(), BfdInstanceConfig::name),
                byKey(old.staticAddresses(), now.staticAddresses(), a -> a.prefix() + " " + a.device()),
                byValue(old.staticRoutes(), now.staticRoutes()),
                byValue(old.staticRules(), now.staticRules()),
                byKey(old.virtualServerGroups(), now.virtualServerGroups(), VirtualServerGroupConfig::name),
                virtualServers(old.virtualServers(), now.virtualServers()));
    }

    public boolean isEmpty() {
        return globalDefsChanges.isEmpty() && vrrpInstances.isEmpty() && vrrpSyncGroups.isEmpty()
                && vrrpScripts.isEmpty() && trackFiles.isEmpty() && trackProcesses.isEmpty() && bfdInstances.isEmpty()
                && staticAddresses.isEmpty() && staticRoutes.isEmpty() && staticRules.isEmpty()
                && virtualServerGroups.isEmpty() && virtualServers.isEmpty();
    }

    /** One line per difference, for the reload log ("vrrp_instance VI_1 changed: priority"). */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        if (!globalDefsChanges.isEmpty()) {
            out.add("global_defs changed: " + String.join(", ", globalDefsChanges));
        }
        describe(out, "vrrp_instance", vrrpInstances, VrrpInstanceConfig::name);
        describe(out, "vrrp_sync_group", vrrpSyncGroups, VrrpSyncGroupConfig::name);
        describe(out, "vrrp_script", vrrpScripts, VrrpScriptConfig::name);
        describe(out, "track_file", trackFiles, TrackFileConfig::name);
        describe(out, "vrrp_track_process", trackProcesses, TrackProcessConfig::name);
        describe(out, "bfd_instance", bfdInstances, BfdInstanceConfig::name);
        describe(out, "static_ipaddress", staticAddresses, a -> a.prefix().toString());
        describe(out, "static_routes", staticRoutes, r -> r.destination().toString());
        describe(out, "static_rules", staticRules, r -> r.action());
        describe(out, "virtual_server_group", virtualServerGroups, VirtualServerGroupConfig::name);
        for (Change<VirtualServerConfig> c : virtualServers) {
            VirtualServerConfig vs = c.after() != null ? c.after() : c.before();
            out.add("virtual_server " + vs.displayName() + " " + c.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + (c.fields().isEmpty() ? "" : ": " + String.join(", ", c.fields())));
            describe(out, "  real_server", c.children(), r -> InetAddresses.toText(r.address()) + ":" + r.port());
        }
        return out;
    }

    private static <T> void describe(List<String> out, String kind, List<Change<T>> changes, Function<T, String> name) {
        for (Change<T> c : changes) {
            T node = c.after() != null ? c.after() : c.before();
            out.add(kind + " " + name.apply(node) + " " + c.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + (c.fields().isEmpty() ? "" : ": " + String.join(", ", c.fields())));
        }
    }

    private static String vrrpKey(VrrpInstanceConfig i) {
        return i.vrid() + "/" + i.family() + "/" + i.interfaceName();
    }

    private static List<Change<VrrpInstanceConfig>> instances(List<VrrpInstanceConfig> old,
                                                             List<VrrpInstanceConfig> now) {
        return match(old, now, List.of(i -> i.name() + "\u0000" + vrrpKey(i), VigilKeys::vrrp,
                VrrpInstanceConfig::name));
    }

    /**
     * Pairs old and new nodes by each key in turn (a node paired by an earlier key is not paired again); paired
     * nodes that differ are changes, the rest are removals and additions. Linear in the number of nodes.
     */
    private static <T> List<Change<T>> match(List<T> old, List<T> now, List<Function<T, String>> keys) {
        boolean[] oldUsed = new boolean[old.size()];
        boolean[] nowUsed = new boolean[now.size()];
        List<Change<T>> out = new ArrayList<>();
        for (Function<T, String> key : keys) {
            Map<String, java.util.ArrayDeque<Integer>> byKey = new java.util.HashMap<>();
            for (int i = 0; i < old.size(); i++) {
                if (!oldUsed[i]) {
                    byKey.computeIfAbsent(key.apply(old.get(i)), k -> new java.util.ArrayDeque<>()).add(i);
                }
            }
            for (int j = 0; j < now.size(); j++) {
                if (nowUsed[j]) {
                    continue;
                }
                java.util.ArrayDeque<Integer> q = byKey.get(key.apply(now.get(j)));
                if (q == null || q.isEmpty()) {
                    continue;
                }
                int i = q.poll();
                oldUsed[i] = true;
                nowUsed[j] = true;
                List<String> fields = ModelTree.differences(old.get(i), now.get(j));
                if (!fields.isEmpty()) {
                    out.add(new Change<>(Kind.CHANGED, old.get(i), now.get(j), fields, List.of()));
                }
            }
        }
        for (int i = 0; i < old.size(); i++) {
            if (!oldUsed[i]) {
                out.add(new Change<>(Kind.REMOVED, old.get(i), null, List.of(), List.of()));
            }
        }
        for (int j = 0; j < now.size(); j++) {
            if (!nowUsed[j]) {
                out.add(new Change<>(Kind.ADDED, null, now.get(j), List.of(), List.of()));
            }
        }
        return out;
    }

    private static <T> List<Change<T>> byKey(List<T> old, List<T> now, Function<T, String> key) {
        return match(old, now, List.of(key));
    }

    /** Routes and rules have no name: a node is kept when an equal one is in the new config. */
    private static <T> List<Change<T>> byValue(List<T> old, List<T> now) {
        return match(old, now, List.of(v -> String.valueOf(ModelTree.toTree(v))));
    }

    private static List<Change<VirtualServerConfig>> virtualServers(List<VirtualServerConfig> old,
                                                                   List<VirtualServerConfig> now) {
        List<Change<VirtualServerConfig>> plain = byKey(old, now, VigilKeys::service);
        List<Change<VirtualServerConfig>> out = new ArrayList<>();
        for (Change<VirtualServerConfig> c : plain) {
            if (c.kind() != Kind.CHANGED) {
                out.add(c);
                continue;
            }
            List<Change<RealServerConfig>> rs = byKey(c.before().realServers(), c.after().realServers(),
                    r -> InetAddresses.toText(r.address()) + ":" + r.port());
            out.add(new Change<>(Kind.CHANGED, c.before(), c.after(), c.fields(), rs));
        }
        return out;
    }

    /** The identities used for matching. */
    static final class VigilKeys {
        private VigilKeys() {
        }

        static String vrrp(VrrpInstanceConfig i) {
            return vrrpKey(i);
        }

        static String service(VirtualServerConfig vs) {
            if (vs.fwmark() != null) {
                return "fwmark " + vs.fwmark() + " " + vs.family();
            }
            if (vs.group() != null) {
                return "group " + vs.group() + " " + vs.protocol() + " " + vs.family();
            }
            return InetAddresses.toText(vs.address()) + " " + vs.port() + " " + vs.protocol();
        }
    }
}
