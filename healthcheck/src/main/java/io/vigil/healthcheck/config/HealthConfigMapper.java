package io.vigil.healthcheck.config;

import io.vigil.core.config.GlobalDefs;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.TrackFileConfig;
import io.vigil.core.config.TrackProcessConfig;
import io.vigil.core.config.TrackedObject;
import io.vigil.core.config.TrackedScript;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpScriptConfig;
import io.vigil.core.config.VrrpSyncGroupConfig;
import io.vigil.core.config.lvs.ConnectionOptions;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.SslConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.healthcheck.model.CheckTiming;
import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.ConnectOptions;
import io.vigil.healthcheck.model.DnsCheck;
import io.vigil.healthcheck.model.FileCheck;
import io.vigil.healthcheck.model.HexPattern;
import io.vigil.healthcheck.model.HttpGet;
import io.vigil.healthcheck.model.MiscCheck;
import io.vigil.healthcheck.model.PingCheck;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.ScriptSecurity;
import io.vigil.healthcheck.model.ScriptUser;
import io.vigil.healthcheck.model.SmtpCheck;
import io.vigil.healthcheck.model.StatusCodes;
import io.vigil.healthcheck.model.TcpCheck;
import io.vigil.healthcheck.model.TlsOptions;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.UdpCheck;
import io.vigil.healthcheck.model.UrlCheck;
import io.vigil.healthcheck.model.VrrpScript;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the config model to the engine's input: a pure function of a {@link VigilConfig} (no I/O, no clock).
 *
 * <ul>
 *   <li>Every real server of every {@code virtual_server} with its checkers. Real servers with the same address,
 *       port and checkers are checked once, whichever virtual servers list them (when a checker is dynamic,
 *       {@code misc_dynamic} or a dynamic {@code FILE_CHECK}, the configured weight must match too, since the
 *       result depends on it); {@link HealthPlan#fanOut} gives each virtual server its own result.</li>
 *   <li>The {@code vrrp_script}s, {@code track_file}s and {@code vrrp_track_process}es that an instance or a sync
 *       group tracks (keepalived does not run a script nobody tracks).</li>
 * </ul>
 * Values are keepalived's effective ones, already resolved by the config reader (checker, else real server, else
 * virtual server, else the checker type's default).
 */
public final class HealthConfigMapper {

    private HealthConfigMapper() {
    }

    /**
     * @throws HealthConfigException naming every checker the engine cannot build
     */
    public static HealthPlan map(VigilConfig config) throws HealthConfigException {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, TrackFileConfig> trackFiles = new LinkedHashMap<>();
        for (TrackFileConfig f : config.trackFiles()) {
            trackFiles.put(f.name(), f);
        }
        TlsOptions tls = tls(config.ssl());

        Map<Shared, RealServerTarget> shared = new LinkedHashMap<>();
        Map<RealServerKey, List<HealthPlan.Member>> members = new LinkedHashMap<>();
        for (VirtualServerConfig vs : config.virtualServers()) {
            String vsName = vs.displayName();
            for (RealServerConfig rs : vs.realServers()) {
                String where = "virtual_server " + vsName + " real_server " + endpoint(rs.address(), rs.port());
                List<CheckerConfig> checkers = new ArrayList<>();
                for (io.vigil.core.config.lvs.CheckerConfig c : rs.checkers()) {
                    try {
                        checkers.addAll(checker(c, rs, trackFiles, tls, where, warnings));
                    } catch (IllegalArgumentException e) {
                        problems.add(where + ": " + c.keyword() + " at " + c.location() + ": " + e.getMessage());
                    }
                }
                boolean dynamic = checkers.stream().anyMatch(HealthConfigMapper::isDynamic);
                Shared k = new Shared(rs.address(), rs.port(), checkers, dynamic ? rs.weight() : -1);
                RealServerTarget t = shared.get(k);
                if (t == null) {
                    t = new RealServerTarget(new RealServerKey(vsName, rs.address(), rs.port()), rs.weight(),
                            rs.inhibitOnFailure(), checkers);
                    shared.put(k, t);
                }
                members.computeIfAbsent(t.key(), x -> new ArrayList<>())
                        .add(new HealthPlan.Member(vsName, rs.weight(), rs.inhibitOnFailure()));
            }
        }

        Tracked tracked = tracked(config);
        List<VrrpScript> scripts = new ArrayList<>();
        for (VrrpScriptConfig s : config.vrrpScripts()) {
            if (tracked.scripts.contains(s.name())) {
                try {
                    scripts.add(script(s));
                } catch (IllegalArgumentException e) {
                    problems.add("vrrp_script " + s.name() + ": " + e.getMessage());
                }
            }
        }
        List<TrackFile> files = new ArrayList<>();
        for (TrackFileConfig f : config.trackFiles()) {
            if (tracked.files.contains(f.name())) {
                files.add(trackFile(f));
            }
        }
        List<TrackProcess> processes = new ArrayList<>();
        for (TrackProcessConfig p : config.trackProcesses()) {
            if (tracked.processes.contains(p.name())) {
                try {
                    processes.add(process(p));
                } catch (IllegalArgumentException e) {
                    problems.add("vrrp_track_process " + p.name() + ": " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new HealthConfigException(problems);
        }
        return new HealthPlan(List.copyOf(shared.values()), members, scripts, files, processes,
                security(config.globalDefs()), warnings);
    }

    /** What makes two real servers the same check: address, port, checkers, and the weight when it matters. */
    private record Shared(InetAddress address, int port, List<CheckerConfig> checkers, int dynamicWeight) {
    }

    private static boolean isDynamic(CheckerConfig c) {
        return c instanceof MiscCheck m && m.dynamic() || c instanceof FileCheck f && f.dynamic();
    }

    // ------------------------------------------------------------------------------------------------ checkers

    private static List<CheckerConfig> checker(io.vigil.core.config.lvs.CheckerConfig c, RealServerConfig rs,
                                               Map<String, TrackFileConfig> trackFiles, TlsOptions tls,
                                               String where, List<String> warnings) {
        if (c instanceof io.vigil.core.config.lvs.CheckerConfig.TcpCheck t) {
            return List.of(new TcpCheck(connect(t.connection(), rs, false), timing(t.timing(), t.connection())));
        }
        if (c instanceof io.vigil.core.config.lvs.CheckerConfig.HttpCheck h) {
            List<UrlCheck> urls = new ArrayList<>();
            for (io.vigil.core.config.lvs.CheckerConfig.UrlCheck u : h.urls()) {
                urls.add(url(u));
            }
            TlsOptions t = new TlsOptions(tls.ca(), tls.certificate(), tls.key(), tls.password(), h.enableSni(),
                    false, false);
            return List.of(new HttpGet(connect(h.connection(), rs, false), timing(h.timing(), h.connection()),
                    h.ssl(), h.httpProtocol(), urls, h.virtualhost(), t, h.fastRecovery()));
        }
        if (c instanceof io.vigil.core.config.lvs.CheckerConfig.SmtpCheck s) {
            String helo = s.heloName() != null ? s.heloName() : SmtpCheck.DEFAULT_HELO;
            List<CheckerConfig> out = new ArrayList<>();
            out.add(new SmtpCheck(connect(s.connection(), rs, false), timing(s.timing(), s.connection()), helo));
            // the deprecated host sub-blocks: more servers the same checker must reach, every one of them
            for (ConnectionOptions h : s.hosts()) {
                out.add(new SmtpCheck(connect(h, rs, false), timing(s.timing(), h), helo));
            }
            return out;
        }
        if (c instanceof io.vigil.core.config.lvs.CheckerConfig.DnsCheck d) {
            return List.of(new DnsCheck(connect(d.connection(), rs, false), timing(d.timing(), d.connection()),
                    d.type() == null ? DnsCheck.Type.SOA : DnsCheck.Type.parse(d.type()),
                    d.name() == null ? "." : d.name()));
        }
        if (c instanceof io.vigil.core.config.lvs.CheckerConfig.MiscCheck m) {
            Duration timeout = Duration.ofNanos(m.timeoutNanos());
            CheckTiming t = timing(m.timing(), rs.connectTimeoutNanos());
            return List.of(new MiscCheck(t, m.path().argv(), timeout, m.dynamic(), user(m.path())));
        }
        if (c instanceof io.vigil.core.config.lvs.CheckerConfig.UdpCheck u) {
            byte[] payload = u.payloadHex() == null ? null : HexFormat.of().parseHex(u.payloadHex());
            HexPattern reply = u.replyHex() == null ? null : HexPattern.parse(u.replyHex(), true);
            return List.of(new UdpCheck(connect(u.connection(), rs, false), timing(u.timing(), u.connection()),
                    payload, u.requireReply() || reply != null, reply, u.minReplyLength(), u.maxReplyLength()));
        }
        if (c instanceof io.vigil.core.config.lvs.CheckerConfig.PingCheck p) {
            return List.of(new PingCheck(connect(p.connection(), rs, true), timing(p.timing(), p.connection())));
        }
        if (c instanceof io.vigil.core.config.lvs.CheckerConfig.FileCheck f) {
            TrackFileConfig tf = trackFiles.get(f.trackFile());
            if (tf == null) {
                throw new IllegalArgumentException("no track_file " + f.trackFile());
            }
            int weight = f.weight() != null ? f.weight() : tf.weight();
            boolean reverse = f.weight() != null ? f.reverse() : tf.reverse() || f.reverse();
            FileCheck base = FileCheck.of(trackFile(tf));
            return List.of(new FileCheck(base.trackFile(), f.dynamic(), weight, reverse, base.timing()));
        }
        if (c instanceof io.vigil.core.config.lvs.CheckerConfig.BfdCheck b) {
            warnings.add(where + ": BFD_CHECK " + b.name() + " at " + b.location()
                    + " is not supported by vigil's checker and is left out");
            return List.of();
        }
        throw new IllegalArgumentException("unknown checker " + c.keyword());
    }

    /**
     * The connection options, with the connect address and port left unset where they are the real server's own
     * (so that equal checks of equal servers compare equal).
     */
    private static ConnectOptions connect(ConnectionOptions o, RealServerConfig rs, boolean noPorts) {
        InetAddress ip = o.connectIp().equals(rs.address()) ? null : o.connectIp();
        Integer port = noPorts || o.connectPort() == rs.port() ? null : o.connectPort();
        Integer mark = o.fwmark() == null ? null : (int) o.fwmark().longValue();
        return new ConnectOptions(ip, port, o.bindTo(), o.bindInterface(), noPorts ? null : o.bindPort(), mark);
    }

    private static CheckTiming timing(io.vigil.core.config.lvs.CheckTiming t, ConnectionOptions o) {
        return timing(t, o.connectTimeoutNanos());
    }

    private static CheckTiming timing(io.vigil.core.config.lvs.CheckTiming t, long connectTimeoutNanos) {
        return new CheckTiming(Duration.ofNanos(connectTimeoutNanos), t.retry(),
                Duration.ofNanos(t.delayBeforeRetryNanos()), Duration.ofNanos(t.delayLoopNanos()),
                Duration.ofNanos(t.warmupNanos()), t.alpha(), t.logAllFailures());
    }

    private static UrlCheck url(io.vigil.core.config.lvs.CheckerConfig.UrlCheck u) {
        List<StatusCodes.Range> ranges = new ArrayList<>();
        for (io.vigil.core.config.lvs.CheckerConfig.StatusRange r : u.statusCodes()) {
            ranges.add(new StatusCodes.Range(r.from(), r.to()));
        }
        StatusCodes codes = ranges.isEmpty() ? StatusCodes.DEFAULT : new StatusCodes(ranges);
        int min = u.regexMinOffset() == null ? 0 : (int) Math.min(Integer.MAX_VALUE, u.regexMinOffset());
        int max = u.regexMaxOffset() == null ? -1 : (int) Math.min(Integer.MAX_VALUE, u.regexMaxOffset());
        return new UrlCheck(u.path(), u.digest(), codes, u.virtualhost(), u.regex(), u.regexNoMatch(),
                Set.copyOf(u.regexOptions()), min, max);
    }

    private static TlsOptions tls(SslConfig ssl) {
        if (ssl == null) {
            return TlsOptions.DEFAULT;
        }
        return new TlsOptions(path(ssl.ca()), path(ssl.certificate()), path(ssl.key()), ssl.password(), false, false,
                false);
    }

    private static Path path(String p) {
        return p == null ? null : Path.of(p);
    }

    private static ScriptUser user(ScriptCommand c) {
        return c.user() == null ? null : new ScriptUser(c.user(), c.group());
    }

    // ------------------------------------------------------------------------------------------------ trackers

    private static VrrpScript script(VrrpScriptConfig s) {
        return new VrrpScript(s.name(), s.script().argv(), Duration.ofNanos(s.intervalNanos()),
                Duration.ofNanos(s.timeoutNanos()), s.weight(), s.weightReverse(), s.rise(), s.fall(),
                user(s.script()), s.initFail());
    }

    private static TrackFile trackFile(TrackFileConfig f) {
        return new TrackFile(f.name(), Path.of(f.file()), f.weight(), f.reverse(), f.initValue(), f.initOverwrite());
    }

    private static TrackProcess process(TrackProcessConfig p) {
        List<String> argv = new ArrayList<>();
        argv.add(p.process());
        argv.addAll(p.parameters());
        String match = switch (p.paramMatch()) {
            case EXACT -> null;
            case PARTIAL -> "partial";
            case INITIAL -> "initial";
        };
        return new TrackProcess(p.name(), argv, match, p.weight(), p.reverse(), p.quorum(),
                p.quorumMax() == null ? Integer.MAX_VALUE : p.quorumMax(), Duration.ofNanos(p.forkDelayNanos()),
                Duration.ofNanos(p.terminateDelayNanos()), p.fullCommand());
    }

    private static ScriptSecurity security(GlobalDefs g) {
        ScriptUser u = g.scriptUser() == null ? null : new ScriptUser(g.scriptUser(), g.scriptGroup());
        return new ScriptSecurity(u, g.enableScriptSecurity());
    }

    /** The names of the trackers some instance or sync group tracks. */
    private record Tracked(Set<String> scripts, Set<String> files, Set<String> processes) {
    }

    private static Tracked tracked(VigilConfig config) {
        Tracked t = new Tracked(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
        for (VrrpInstanceConfig i : config.vrrpInstances()) {
            add(t, i.trackScripts(), i.trackFiles(), i.trackProcesses());
        }
        for (VrrpSyncGroupConfig g : config.vrrpSyncGroups()) {
            add(t, g.trackScripts(), g.trackFiles(), g.trackProcesses());
        }
        return t;
    }

    private static void add(Tracked t, List<TrackedScript> scripts, List<TrackedObject> files,
                            List<TrackedObject> processes) {
        scripts.forEach(s -> t.scripts.add(s.name()));
        files.forEach(f -> t.files.add(f.name()));
        processes.forEach(p -> t.processes.add(p.name()));
    }

    private static String endpoint(InetAddress a, int port) {
        String s = io.vigil.core.net.InetAddresses.toText(a);
        return (s.indexOf(':') >= 0 ? "[" + s + "]" : s) + ":" + port;
    }
}
