package io.vigil.core.config.keepalived;

import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.LvsSettings;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.lvs.CheckerConfig;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.config.lvs.VirtualServerGroupConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks across the LVS blocks: services defined twice, groups used twice, references to nothing. */
final class LvsSemantics {

    private LvsSemantics() {
    }

    static VigilConfig check(VigilConfig config, Diagnostics d) {
        Set<String> groups = new HashSet<>();
        for (VirtualServerGroupConfig g : config.virtualServerGroups()) {
            if (!groups.add(g.name())) {
                d.error(g.location(), "virtual_server_group " + g.name() + " is already defined");
            }
        }
        Set<String> trackFiles = new HashSet<>();
        config.trackFiles().forEach(f -> trackFiles.add(f.name()));
        Set<String> bfds = new HashSet<>();
        config.bfdInstances().forEach(b -> bfds.add(b.name()));
        Map<String, VirtualServerConfig> services = new HashMap<>();
        Set<String> usedGroups = new HashSet<>();
        for (VirtualServerConfig vs : config.virtualServers()) {
            String key;
            if (vs.fwmark() != null) {
                key = "fwmark " + vs.fwmark() + " " + vs.family();
            } else if (vs.group() != null) {
                key = "group " + vs.group() + " " + vs.protocol() + " " + vs.family();
                usedGroups.add(vs.group());
            } else {
                key = vs.displayName();
            }
            VirtualServerConfig first = services.putIfAbsent(key, vs);
            if (first != null) {
                d.error(vs.location(), vs.displayName() + (vs.group() != null ? " (" + vs.protocol() + ", "
                        + vs.family().displayName() + ")" : "") + " is already defined at line "
                        + first.location().line() + (vs.group() != null ? ": a group can serve one virtual server"
                        + " per protocol and family" : ""));
            }
            for (RealServerConfig rs : vs.realServers()) {
                for (CheckerConfig c : rs.checkers()) {
                    if (c instanceof CheckerConfig.FileCheck f && !trackFiles.contains(f.trackFile())) {
                        String hint = ParseContext.suggest(f.trackFile(), trackFiles);
                        d.error(f.location(), "FILE_CHECK names track_file " + f.trackFile() + ", which is not"
                                + " defined" + (hint != null ? ": did you mean '" + hint + "'?" : ""));
                    }
                    if (c instanceof CheckerConfig.BfdCheck b && !bfds.contains(b.name())) {
                        String hint = ParseContext.suggest(b.name(), bfds);
                        d.error(b.location(), "BFD_CHECK names bfd_instance " + b.name() + ", which is not defined"
                                + (hint != null ? ": did you mean '" + hint + "'?" : ""));
                    }
                }
            }
        }
        for (VirtualServerGroupConfig g : config.virtualServerGroups()) {
            if (!usedGroups.contains(g.name())) {
                d.warning(g.location(), "virtual_server_group " + g.name() + " is not used by any virtual_server");
            }
        }
        LvsSettings.SyncDaemon sd = config.globalDefs().lvs().syncDaemon();
        if (sd != null && sd.instance() != null && config.instance(sd.instance()).isEmpty()) {
            List<String> names = config.vrrpInstances().stream().map(i -> i.name()).toList();
            String hint = ParseContext.suggest(sd.instance(), names);
            d.error(sd.location(), "lvs_sync_daemon names vrrp_instance " + sd.instance() + ", which is not defined"
                    + (hint != null ? ": did you mean '" + hint + "'?" : ""));
        }
        io.vigil.core.config.VigilSettings v = config.globalDefs().vigil();
        if (v.holdsPreemption() && sd == null) {
            d.warning(v.location(), "vigil_preempt_after_sync waits for the connection-sync daemon, and there is no"
                    + " lvs_sync_daemon: it has no effect");
        }
        return config;
    }
}
