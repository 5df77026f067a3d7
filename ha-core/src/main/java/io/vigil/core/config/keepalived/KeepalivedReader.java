package io.vigil.core.config.keepalived;

import static io.vigil.core.config.keepalived.KeywordTable.Shape.BLOCK;

import io.vigil.core.config.BfdInstanceConfig;
import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.GarpGroupConfig;
import io.vigil.core.config.InterfaceSetting;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.RouteConfig;
import io.vigil.core.config.RuleConfig;
import io.vigil.core.config.Setting;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.TrackFileConfig;
import io.vigil.core.config.TrackGroupConfig;
import io.vigil.core.config.TrackProcessConfig;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpScriptConfig;
import io.vigil.core.config.VrrpSyncGroupConfig;
import io.vigil.core.config.lvs.SslConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.config.lvs.VirtualServerGroupConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a keepalived.conf into a {@link VigilConfig}: {@link Preprocessor}, then {@link BlockReader} one top-level
 * block at a time, then the keyword tables, then completion of each instance and virtual server, then the checks
 * across blocks ({@link Semantics}). Never throws for bad input; everything goes to the {@link Diagnostics}.
 */
public final class KeepalivedReader {

    private KeepalivedReader() {
    }

    /** Everything read at the top level, before completion. */
    static final class Root implements KeywordTable.Keeper {
        final GlobalParser.State global = new GlobalParser.State();
        final List<VrrpParser.Instance> instances = new ArrayList<>();
        final List<VrrpParser.SyncGroup> groups = new ArrayList<>();
        final List<VrrpParser.Script> scripts = new ArrayList<>();
        final List<VrrpParser.TrackFile> trackFiles = new ArrayList<>();
        final List<VrrpParser.TrackProcess> trackProcesses = new ArrayList<>();
        final List<VrrpParser.Bfd> bfds = new ArrayList<>();
        final List<TrackGroupConfig> trackGroups = new ArrayList<>();
        final List<GarpGroupConfig> garpGroups = new ArrayList<>();
        final List<InterfaceSetting> linkbeat = new ArrayList<>();
        final List<InterfaceSetting> delays = new ArrayList<>();
        final List<VirtualAddress> staticAddresses = new ArrayList<>();
        final List<RouteConfig> staticRoutes = new ArrayList<>();
        final List<RuleConfig> staticRules = new ArrayList<>();
        final LvsParser.Root lvs = new LvsParser.Root();
        /** First definition of each named block, by kind and name, to report duplicates. */
        final Map<String, SourceLocation> names = new HashMap<>();
        boolean globalSeen;

        @Override
        public List<Setting> settings() {
            return global.settings;
        }
    }

    static final KeywordTable<Root> ROOT = rootTable();

    private static KeywordTable<Root> rootTable() {
        KeywordTable<Root> t = new KeywordTable<Root>("the top level")
                .block("global_defs", (r, n, c) -> {
                    if (r.globalSeen) {
                        c.warning(n, "a second global_defs block: its settings are added to the first");
                    } else {
                        r.global.location = n.location();
                    }
                    r.globalSeen = true;
                    c.arity(n, 0, 0);
                    GlobalParser.GLOBAL_DEFS.dispatch(r.global, n.children(), c, "global_defs");
                })
                .block("vrrp_instance", (r, n, c) -> {
                    String name = name(r, n, c, "vrrp_instance");
                    if (name != null) {
                        VrrpParser.Instance s = new VrrpParser.Instance();
                        s.name = name;
                        s.location = n.location();
                        VrrpParser.INSTANCE.dispatch(s, n.children(), c, "vrrp_instance " + name);
                        r.instances.add(s);
                    }
                })
                .block("vrrp_sync_group", (r, n, c) -> {
                    String name = name(r, n, c, "vrrp_sync_group");
                    if (name != null) {
                        VrrpParser.SyncGroup s = new VrrpParser.SyncGroup();
                        s.name = name;
                        s.location = n.location();
                        VrrpParser.SYNC_GROUP.dispatch(s, n.children(), c, "vrrp_sync_group " + name);
                        r.groups.add(s);
                    }
                })
                .block("vrrp_script", (r, n, c) -> {
                    String name = name(r, n, c, "vrrp_script");
                    if (name != null) {
                        VrrpParser.Script s = new VrrpParser.Script();
                        s.name = name;
                        s.location = n.location();
                        VrrpParser.SCRIPT.dispatch(s, n.children(), c, "vrrp_script " + name);
                        r.scripts.add(s);
                    }
                })
                .inactive("track_file", BLOCK, KeepalivedReader::trackFile)
                .deprecated("vrrp_track_file", "track_file", BLOCK, KeepalivedReader::trackFile)
                .inactive("vrrp_track_process", BLOCK, (r, n, c) -> {
                    String name = name(r, n, c, "vrrp_track_process");
                    if (name != null) {
                        VrrpParser.TrackProcess s = new VrrpParser.TrackProcess();
                        s.name = name;
                        s.location = n.location();
                        VrrpParser.TRACK_PROCESS.dispatch(s, n.children(), c, "vrrp_track_process " + name);
                        r.trackProcesses.add(s);
                    }
                })
                .inactive("bfd_instance", BLOCK, (r, n, c) -> {
                    String name = name(r, n, c, "bfd_instance");
                    if (name != null) {
                        VrrpParser.Bfd s = new VrrpParser.Bfd();
                        s.name = name;
                        s.location = n.location();
                        VrrpParser.BFD.dispatch(s, n.children(), c, "bfd_instance " + name);
                        r.bfds.add(s);
                    }
                })
                .inactive("track_group", BLOCK, (r, n, c) -> {
                    if (name(r, n, c, "track_group") != null) {
                        r.trackGroups.add(VrrpParser.trackGroup(n, c));
                    }
                })
                .inactive("garp_group", BLOCK, (r, n, c) -> {
                    c.arity(n, 0, 0);
                    r.garpGroups.add(VrrpParser.garpGroup(n, c));
                })
                .inactive("linkbeat_interfaces", BLOCK, (r, n, c) -> r.linkbeat.addAll(VrrpParser.linkbeat(n, c)))
                .inactive("interface_up_down_delays", BLOCK, (r, n, c) ->
                        r.delays.addAll(VrrpParser.upDownDelays(n, c)))
                .inactive("static_ipaddress", BLOCK, (r, n, c) -> ParseContext.eachLine(n,
                        a -> IpLines.address(a, c, true), r.staticAddresses))
                .inactive("static_routes", BLOCK, (r, n, c) -> ParseContext.eachLine(n,
                        a -> IpLines.route(a, c, true), r.staticRoutes))
                .inactive("static_rules", BLOCK, (r, n, c) -> ParseContext.eachLine(n,
                        a -> IpLines.rule(a, c, true), r.staticRules));
        LvsParser.addRootKeywords(t);
        GlobalParser.addRootKeywords(t);
        return t;
    }

    private static void trackFile(Root r, Node n, ParseContext c) {
        String name = name(r, n, c, "track_file");
        if (name != null) {
            VrrpParser.TrackFile s = new VrrpParser.TrackFile();
            s.name = name;
            s.location = n.location();
            VrrpParser.TRACK_FILE.dispatch(s, n.children(), c, "track_file " + name);
            r.trackFiles.add(s);
        }
    }

    /** The name of a named block; reports a missing name or a second block of that kind and name. */
    static String name(Root r, Node n, ParseContext c, String kind) {
        if (n.argCount() != 1) {
            c.error(n, kind + (n.argCount() == 0 ? " needs a name: " + kind + " NAME { ... }"
                    : " takes one name, got " + n.argCount() + " words") + " (the block is skipped)");
            return null;
        }
        String name = n.arg(0).text();
        String key = (kind.equals("vrrp_track_file") ? "track_file" : kind) + "\u0000" + name;
        SourceLocation first = r.names.putIfAbsent(key, n.location());
        if (first != null) {
            c.error(n, kind + " " + name + " is already defined at line " + first.line()
                    + (first.file().equals(n.location().file()) ? "" : " of " + first.file())
                    + " (this one is skipped)");
            return null;
        }
        return name;
    }

    /**
     * Reads {@code file}. Returns the config even when errors were reported (the caller decides); returns
     * {@code null} only when nothing could be read.
     */
    public static VigilConfig read(Path file, String displayName, LoadOptions options, Diagnostics diags) {
        Preprocessor pre = new Preprocessor(file, displayName, options, diags);
        if (pre.filesRead().isEmpty()) {
            return null;
        }
        BlockReader blocks = new BlockReader(pre, diags, options.limits().maxNesting());
        ParseContext ctx = new ParseContext(diags, pre);
        Root root = new Root();
        Node n;
        while ((n = blocks.next()) != null) {
            ROOT.dispatch(root, n, ctx, "the top level");
        }
        return build(root, ctx, SourceLocation.of(displayName, 1, 1));
    }

    /** Builds each item; those that cannot be built (reported) are left out. */
    private static <S, T> List<T> built(List<S> items, java.util.function.Function<S, T> build) {
        List<T> out = new ArrayList<>(items.size());
        for (S s : items) {
            T t = build.apply(s);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    static VigilConfig build(Root r, ParseContext c, SourceLocation at) {
        List<VrrpScriptConfig> scripts = built(r.scripts, s -> s.build(c));
        List<TrackFileConfig> files = built(r.trackFiles, s -> s.build(c));
        List<TrackProcessConfig> processes = built(r.trackProcesses, s -> s.build(c));
        List<BfdInstanceConfig> bfds = built(r.bfds, s -> s.build(c));
        List<VrrpInstanceConfig> instances = built(r.instances, s -> VrrpParser.complete(s, r.global, c));
        List<VrrpSyncGroupConfig> groups = new ArrayList<>();
        for (VrrpParser.SyncGroup g : r.groups) {
            groups.add(g.build());
        }
        List<VirtualServerGroupConfig> vsgs = r.lvs.groups;
        List<VirtualServerConfig> vss = LvsParser.complete(r.lvs, r.global, c);
        SslConfig ssl = r.lvs.ssl;
        VigilConfig config = new VigilConfig(r.global.build(), instances, groups, at, scripts, files, processes, bfds,
                r.staticAddresses, r.staticRoutes, r.staticRules, r.trackGroups, r.garpGroups, r.linkbeat,
                r.delays, vsgs, vss, ssl);
        return Semantics.check(config, c.diags);
    }
}
