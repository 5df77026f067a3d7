package io.vigil.core.config.keepalived;

import static io.vigil.core.config.keepalived.KeywordTable.Shape.BLOCK;
import static io.vigil.core.config.keepalived.KeywordTable.Shape.LINE;
import static io.vigil.core.config.keepalived.ParseContext.SECOND;

import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.lvs.CheckTiming;
import io.vigil.core.config.lvs.CheckerConfig;
import io.vigil.core.config.lvs.ConnectionOptions;
import io.vigil.core.config.lvs.LoopGuard;
import io.vigil.core.config.lvs.Forwarding;
import io.vigil.core.config.lvs.Protocol;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.SorryServerConfig;
import io.vigil.core.config.lvs.SslConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.config.lvs.VirtualServerGroupConfig;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.IpPrefix;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The LVS blocks of keepalived.conf(5) (LVS CONFIGURATION): {@code virtual_server_group}, {@code virtual_server}
 * with its {@code real_server}s, {@code sorry_server} and checkers ({@code TCP_CHECK}, {@code HTTP_GET},
 * {@code SSL_GET}, {@code SMTP_CHECK}, {@code DNS_CHECK}, {@code MISC_CHECK}, {@code UDP_CHECK}, {@code PING_CHECK},
 * {@code FILE_CHECK}, {@code BFD_CHECK}), and {@code SSL}. Each virtual server is completed as keepalived's
 * validate_check_config() does: values flow from the virtual server to its real servers and on to their checkers.
 */
final class LvsParser {

    /** keepalived's default checker interval. */
    static final long DEFAULT_DELAY_LOOP = 60 * SECOND;
    static final long DEFAULT_CONNECT_TIMEOUT = 5 * SECOND;
    static final long PERSISTENT_TIMEOUT_DEFAULT = 360;

    static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "lc", "wlc", "lblc", "sh", "mh", "dh", "fo", "ovf",
            "lblcr", "sed", "nq", "twos");

    private LvsParser() {
    }

    static final class Root {
        final List<VirtualServerGroupConfig> groups = new ArrayList<>();
        final List<Vs> servers = new ArrayList<>();
        SslConfig ssl;
    }

    // ---------------------------------------------------------------------------------------- state as written

    /**
     * The checker timing a virtual server, a real server and a checker can each give; a value not given is
     * {@code null} and is taken from the level above.
     */
    abstract static class Timing {
        Long connectTimeout;
        Integer retry;
        Long delayBeforeRetry;
        Long warmup;
        Long delayLoop;
    }

    /** The timing keywords, the same at each level ({@code retry} may be 0 only on a checker). */
    static <S extends Timing> KeywordTable<S> timingKeywords(KeywordTable<S> t, int minRetry,
                                                           boolean connectTimeout) {
        t.line("retry", (s, n, c) -> s.retry = or(c.intArg(n, minRetry, Integer.MAX_VALUE), s.retry))
                .line("delay_before_retry", (s, n, c) -> s.delayBeforeRetry = or(c.secondsArg(n, 0,
                        Long.MAX_VALUE / 2), s.delayBeforeRetry))
                .line("warmup", (s, n, c) -> s.warmup = or(c.secondsArg(n, 0, Long.MAX_VALUE / 2), s.warmup))
                .line("delay_loop", (s, n, c) -> s.delayLoop = or(c.secondsArg(n, 1000, Long.MAX_VALUE / 2),
                        s.delayLoop));
        if (connectTimeout) {
            t.line("connect_timeout", (s, n, c) -> s.connectTimeout = or(c.secondsArg(n, 1000,
                    0xffffffffL * 1000), s.connectTimeout));
        }
        return t;
    }

    /** A virtual server as written; {@code null} is "not given". */
    static final class Vs extends Timing {
        SourceLocation location;
        InetAddress address;
        int port;
        Long fwmark;
        String group;
        AddressFamily ipFamily;
        Protocol protocol;
        SourceLocation protocolAt;
        String scheduler;
        final List<String> flags = new ArrayList<>();
        Forwarding forwarding;
        String pengine;
        Long persistence;
        String granularity;
        boolean haSuspend;
        Boolean smtpAlert;
        String virtualhost;
        String snmpName;
        boolean alpha;
        boolean omega;
        long quorum = 1;
        long hysteresis;
        ScriptCommand quorumUp;
        ScriptCommand quorumDown;
        int weight = 1;
        Sorry sorry;
        final List<Rs> reals = new ArrayList<>();
        boolean inhibit;
        LoopGuard loopGuard;

        String display() {
            if (fwmark != null) {
                return "virtual_server fwmark " + fwmark;
            }
            if (group != null) {
                return "virtual_server group " + group;
            }
            return "virtual_server " + InetAddresses.toText(address) + (port != 0 ? " " + port : "");
        }
    }

    static final class Sorry {
        InetAddress address;
        int port;
        Forwarding forwarding;
        boolean inhibit;
        SourceLocation location;
    }

    static final class Rs extends Timing {
        SourceLocation location;
        InetAddress address;
        int port;
        Integer weight;
        Forwarding forwarding;
        ScriptCommand notifyUp;
        ScriptCommand notifyDown;
        long upper;
        long lower;
        Boolean smtpAlert;
        String virtualhost;
        String snmpName;
        Boolean alpha;
        Boolean inhibit;
        final List<Chk> checkers = new ArrayList<>();

        String display() {
            return InetAddresses.toText(address) + (port != 0 ? " " + port : "");
        }
    }

    /** A checker as written. */
    static final class Chk extends Timing {
        String kind;
        SourceLocation location;
        InetAddress connectIp;
        Integer connectPort;
        InetAddress bindTo;
        String bindIf;
        Integer bindPort;
        Long fwmark;
        Boolean alpha;
        boolean logAllFailures;
        String httpProtocol = "1.0";
        boolean fastRecovery;
        boolean enableSni;
        String virtualhost;
        final List<CheckerConfig.UrlCheck> urls = new ArrayList<>();
        String helo;
        final List<Chk> hosts = new ArrayList<>();
        String dnsType = "SOA";
        String dnsName = "";
        ScriptCommand miscPath;
        String miscUser;
        String miscGroup;
        long miscTimeout;
        boolean dynamic;
        String payload;
        boolean requireReply;
        String replyHex;
        int minReply;
        int maxReply = 255;
        String trackFile;
        Integer fileWeight;
        boolean fileReverse;
        String bfdName;
    }

    // -------------------------------------------------------------------------------------------- root keywords

    static void addRootKeywords(KeywordTable<KeepalivedReader.Root> t) {
        t.block("virtual_server_group", (r, n, c) -> {
            String name = KeepalivedReader.name(r, n, c, "virtual_server_group");
            if (name != null) {
                VirtualServerGroupConfig g = group(name, n, c);
                if (g != null) {
                    r.lvs.groups.add(g);
                }
            }
        }).block("virtual_server", (r, n, c) -> {
            Vs vs = header(n, c);
            if (vs != null) {
                VIRTUAL_SERVER.dispatch(vs, n.children(), c, vs.display());
                r.lvs.servers.add(vs);
            }
        }).inactive("SSL", BLOCK, (r, n, c) -> {
            if (r.lvs.ssl != null) {
                c.warning(n, "a second SSL block replaces the first");
            }
            String pass = null;
            String ca = null;
            String cert = null;
            String key = null;
            for (Node k : n.children()) {
                String v = k.hasBlock() ? null : c.string(k);
                switch (k.name()) {
                    case "password" -> pass = v;
                    case "ca" -> ca = v;
                    case "certificate" -> cert = v;
                    case "key" -> key = v;
                    default -> c.warning(k, "unknown keyword '" + k.name() + "' in SSL (password, ca, certificate,"
                            + " key)");
                }
            }
            r.lvs.ssl = new SslConfig(pass, ca, cert, key, n.location());
        });
    }

    // ------------------------------------------------------------------------------------ virtual_server_group

    static VirtualServerGroupConfig group(String name, Node n, ParseContext c) {
        List<VirtualServerGroupConfig.Entry> entries = new ArrayList<>();
        for (Node e : n.children()) {
            if (e.hasBlock()) {
                c.error(e, "a virtual_server_group line takes no block");
                continue;
            }
            if (e.keyword().is("fwmark")) {
                if (!c.arity(e, 1, 2)) {
                    continue;
                }
                Long mark = c.integer(e.arg(0), "fwmark", 0, 0xffffffffL);
                if (mark == null) {
                    continue;
                }
                AddressFamily fam = null;
                if (e.argCount() == 2) {
                    if (e.arg(1).is("inet")) {
                        fam = AddressFamily.INET;
                    } else if (e.arg(1).is("inet6")) {
                        fam = AddressFamily.INET6;
                    } else {
                        c.error(e.arg(1), "fwmark family is inet or inet6, not '" + e.arg(1).text() + "'");
                        continue;
                    }
                }
                entries.add(new VirtualServerGroupConfig.Entry(null, null, 0, mark, fam, e.location()));
                continue;
            }
            if (e.argCount() > 1) {
                c.warning(e.arg(1), "'" + e.arg(1).text() + "' after the port is ignored");
            }
            InetAddress[] range = range(e.keyword(), c);
            if (range == null) {
                continue;
            }
            int port = 0;
            if (e.argCount() >= 1) {
                Integer p = c.port(e.arg(0), "port", true);
                if (p == null) {
                    continue;
                }
                port = p;
            }
            entries.add(new VirtualServerGroupConfig.Entry(range[0], range[1], port, null, null, e.location()));
        }
        if (entries.isEmpty()) {
            c.warning(n, "virtual_server_group " + name + " has no entries");
        }
        return new VirtualServerGroupConfig(name, entries, n.location());
    }

    /** {@code A.B.C.D}, {@code A.B.C.D-E}, {@code A.B.C.D-E.F.G.H}, {@code A.B.C.D/NN} and IPv6 forms. */
    static InetAddress[] range(Token t, ParseContext c) {
        String s = t.text();
        String bad = "'" + s + "' is not an address, a range (192.0.2.1-10, 192.0.2.250-192.0.3.10) or a prefix";
        try {
            int slash = s.indexOf('/');
            if (slash >= 0) {
                IpPrefix p = IpPrefix.parse(s);
                byte[] first = p.address().getAddress();
                byte[] last = first.clone();
                int bits = p.length();
                for (int i = 0; i < first.length; i++) {
                    int keep = Math.max(0, Math.min(8, bits - 8 * i));
                    int mask = keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff;
                    first[i] = (byte) (first[i] & mask);
                    last[i] = (byte) ((last[i] & mask) | (~mask & 0xff));
                }
                return new InetAddress[] {IpPrefix.fromBytes(first), IpPrefix.fromBytes(last)};
            }
            int dash = s.indexOf('-');
            if (dash < 0) {
                InetAddress a = InetAddresses.parse(s);
                return new InetAddress[] {a, a};
            }
            InetAddress first = InetAddresses.parse(s.substring(0, dash));
            String end = s.substring(dash + 1);
            InetAddress last;
            boolean v6 = AddressFamily.of(first) == AddressFamily.INET6;
            if (end.contains(v6 ? ":" : ".")) {
                last = InetAddresses.parse(end);
            } else {
                byte[] b = first.getAddress();
                int v = Integer.parseInt(end, v6 ? 16 : 10);
                if (v6) {
                    if (v > 0xffff) {
                        throw new IllegalArgumentException();
                    }
                    b[14] = (byte) (v >> 8);
                    b[15] = (byte) v;
                } else {
                    if (v > 255) {
                        throw new IllegalArgumentException();
                    }
                    b[3] = (byte) v;
                }
                last = IpPrefix.fromBytes(b);
            }
            if (AddressFamily.of(last) != AddressFamily.of(first)
                    || new BigInteger(1, last.getAddress()).compareTo(new BigInteger(1, first.getAddress())) < 0) {
                c.error(t, "range '" + s + "' ends before it starts");
                return null;
            }
            return new InetAddress[] {first, last};
        } catch (IllegalArgumentException e) {
            c.error(t, bad);
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------ virtual_server

    private static Vs header(Node n, ParseContext c) {
        Vs vs = new Vs();
        vs.location = n.location();
        if (n.argCount() == 0) {
            c.error(n, "virtual_server needs ADDRESS [PORT], fwmark N or group NAME (the block is skipped)");
            return null;
        }
        Token first = n.arg(0);
        if (first.is("fwmark") || first.is("group")) {
            if (n.argCount() < 2) {
                c.error(first, "'virtual_server " + first.text() + "' needs a " + (first.is("fwmark") ? "mark"
                        : "group name") + " (the block is skipped)");
                return null;
            }
            if (n.argCount() > 2) {
                c.error(n.arg(2), first.is("fwmark") ? "a fwmark service has no port: remove '" + n.arg(2).text()
                        + "' (set the port in the real servers or checkers)" : "'virtual_server group' takes only"
                        + " the group name: remove '" + n.arg(2).text() + "'");
                return null;
            }
            if (first.is("fwmark")) {
                vs.fwmark = c.integer(n.arg(1), "virtual_server fwmark", 1, 0xffffffffL);
                if (vs.fwmark == null) {
                    return null;
                }
            } else {
                vs.group = n.arg(1).text();
            }
            return vs;
        }
        vs.address = c.address(first, "virtual_server");
        if (vs.address == null) {
            return null;
        }
        if (n.argCount() > 2) {
            c.error(n.arg(2), "virtual_server takes ADDRESS [PORT]: remove '" + n.arg(2).text() + "'");
            return null;
        }
        if (n.argCount() == 2) {
            Integer p = c.port(n.arg(1), "virtual_server port", true);
            if (p == null) {
                return null;
            }
            vs.port = p;
        }
        return vs;
    }

    static Forwarding forwarding(Node n, ParseContext c, String server) {
        if (!c.arity(n, 1, 6)) {
            return null;
        }
        Forwarding.Method m;
        switch (n.arg(0).text()) {
            case "NAT" -> m = Forwarding.Method.NAT;
            case "DR" -> m = Forwarding.Method.DR;
            case "TUN" -> m = Forwarding.Method.TUN;
            default -> {
                String hint = ParseContext.suggest(n.arg(0).text().toUpperCase(Locale.ROOT), List.of("NAT", "DR",
                        "TUN"));
                c.error(n.arg(0), "unknown " + n.name() + " '" + n.arg(0).text() + "' for " + server
                        + " server: NAT, DR or TUN" + (hint != null ? " (did you mean '" + hint + "'?)" : ""));
                return null;
            }
        }
        Forwarding.TunnelType type = Forwarding.TunnelType.IPIP;
        int port = 0;
        Forwarding.TunnelChecksum csum = Forwarding.TunnelChecksum.NOCSUM;
        for (int i = 1; i < n.argCount(); i++) {
            Token t = n.arg(i);
            if (m != Forwarding.Method.TUN) {
                c.error(t, "tunnel options only go with TUN");
                return null;
            }
            switch (t.text()) {
                case "type" -> {
                    Token v = n.arg(++i);
                    if (v == null) {
                        c.error(t, "'type' needs ipip, gue or gre");
                        return null;
                    }
                    switch (v.text()) {
                        case "ipip" -> type = Forwarding.TunnelType.IPIP;
                        case "gue" -> type = Forwarding.TunnelType.GUE;
                        case "gre" -> type = Forwarding.TunnelType.GRE;
                        default -> {
                            c.error(v, "unknown tunnel type '" + v.text() + "': ipip, gue or gre");
                            return null;
                        }
                    }
                }
                case "port" -> {
                    Token v = n.arg(++i);
                    Integer p = v == null ? null : c.port(v, "gue tunnel port", false);
                    if (p == null) {
                        if (v == null) {
                            c.error(t, "'port' needs a number");
                        }
                        return null;
                    }
                    port = p;
                }
                case "nocsum" -> csum = Forwarding.TunnelChecksum.NOCSUM;
                case "csum" -> csum = Forwarding.TunnelChecksum.CSUM;
                case "remcsum" -> csum = Forwarding.TunnelChecksum.REMCSUM;
                default -> {
                    c.error(t, "unknown tunnel option '" + t.text() + "' (type, port, nocsum, csum, remcsum)");
                    return null;
                }
            }
        }
        if ((type == Forwarding.TunnelType.GUE) != (port != 0)) {
            c.error(n, "a gue tunnel needs 'port N', and only a gue tunnel has a port");
            return null;
        }
        if (type == Forwarding.TunnelType.IPIP && csum != Forwarding.TunnelChecksum.NOCSUM) {
            c.error(n, "ipip tunnels have no checksum option");
            return null;
        }
        if (type == Forwarding.TunnelType.GRE && csum == Forwarding.TunnelChecksum.REMCSUM) {
            c.error(n, "gre tunnels have no remote checksum option");
            return null;
        }
        return new Forwarding(m, type, port, csum);
    }

    private static Boolean optBool(Node n, ParseContext c) {
        return c.bool(n);
    }

    static final KeywordTable<Vs> VIRTUAL_SERVER = timingKeywords(new KeywordTable<Vs>("virtual_server"), 1, true)
            .line("ip_family", (s, n, c) -> {
                String v = c.string(n);
                if ("inet".equals(v)) {
                    s.ipFamily = AddressFamily.INET;
                } else if ("inet6".equals(v)) {
                    s.ipFamily = AddressFamily.INET6;
                } else if (v != null) {
                    c.error(n.arg(0), "ip_family is inet or inet6, not '" + v + "'");
                }
            })
            .line("inhibit_on_failure", (s, n, c) -> s.inhibit = c.arity(n, 0, 0) || s.inhibit)
            .line("lb_algo", LvsParser::scheduler)
            .line("lvs_sched", LvsParser::scheduler)
            .line("hashed", LvsParser::flag)
            .line("ops", LvsParser::flag)
            .line("flag-1", LvsParser::flag)
            .line("flag-2", LvsParser::flag)
            .line("flag-3", LvsParser::flag)
            .line("sh-port", LvsParser::flag)
            .line("sh-fallback", LvsParser::flag)
            .line("mh-port", LvsParser::flag)
            .line("mh-fallback", LvsParser::flag)
            .line("lb_kind", (s, n, c) -> s.forwarding = or(forwarding(n, c, "virtual"), s.forwarding))
            .line("lvs_method", (s, n, c) -> s.forwarding = or(forwarding(n, c, "virtual"), s.forwarding))
            .inactive("persistence_engine", LINE, (s, n, c) -> s.pengine = c.string(n))
            .line("persistence_timeout", (s, n, c) -> {
                if (n.argCount() == 0) {
                    s.persistence = PERSISTENT_TIMEOUT_DEFAULT;
                } else {
                    s.persistence = or(c.longArg(n, 1, 2678400L), s.persistence);
                }
            })
            .line("persistence_granularity", (s, n, c) -> {
                String v = c.string(n);
                if (v == null) {
                    return;
                }
                if (v.contains(".")) {
                    try {
                        InetAddresses.parse(v);
                        s.granularity = v;
                    } catch (IllegalArgumentException e) {
                        c.error(n.arg(0), "persistence_granularity '" + v + "' is not an IPv4 netmask");
                    }
                } else {
                    Long len = c.integer(n.arg(0), "persistence_granularity (IPv6 prefix length)", 1, 128);
                    if (len != null) {
                        s.granularity = len.toString();
                    }
                }
            })
            .line("protocol", (s, n, c) -> {
                String v = c.string(n);
                if (v == null) {
                    return;
                }
                try {
                    s.protocol = Protocol.valueOf(v.toUpperCase(Locale.ROOT));
                    s.protocolAt = n.location();
                } catch (IllegalArgumentException e) {
                    c.error(n.arg(0), "unknown protocol '" + v + "': TCP, UDP or SCTP");
                }
            })
            .line("ha_suspend", (s, n, c) -> s.haSuspend = c.arity(n, 0, 0) || s.haSuspend)
            .inactive("smtp_alert", LINE, (s, n, c) -> s.smtpAlert = or(optBool(n, c), s.smtpAlert))
            .line("virtualhost", (s, n, c) -> s.virtualhost = or(c.string(n), s.virtualhost))
            .inactive("snmp_name", LINE, (s, n, c) -> s.snmpName = c.string(n))
            .line("alpha", (s, n, c) -> s.alpha = c.arity(n, 0, 0) || s.alpha)
            .line("omega", (s, n, c) -> s.omega = c.arity(n, 0, 0) || s.omega)
            .line("quorum_up", (s, n, c) -> s.quorumUp = once(s.quorumUp, n, c))
            .line("quorum_down", (s, n, c) -> s.quorumDown = once(s.quorumDown, n, c))
            .line("quorum", (s, n, c) -> s.quorum = or(c.longArg(n, 1, 0xffffffffL), s.quorum))
            .line("vigil_loop_guard", (s, n, c) -> s.loopGuard = or(c.loopGuard(n), s.loopGuard))
            .line("hysteresis", (s, n, c) -> s.hysteresis = or(c.longArg(n, 0, 0xffffffffL), s.hysteresis))
            .line("weight", (s, n, c) -> s.weight = or(c.intArg(n, 1, 65535), s.weight))
            .line("sorry_server", (s, n, c) -> {
                if (!c.arity(n, 1, 2)) {
                    return;
                }
                InetAddress a = c.address(n.arg(0), "sorry_server");
                Integer p = n.argCount() > 1 ? c.port(n.arg(1), "sorry_server port", true) : Integer.valueOf(0);
                if (a == null || p == null) {
                    return;
                }
                if (s.sorry != null) {
                    c.warning(n, "a second sorry_server replaces the first");
                }
                Sorry so = new Sorry();
                so.address = a;
                so.port = p;
                so.location = n.location();
                s.sorry = so;
            })
            .line("sorry_server_inhibit", (s, n, c) -> {
                if (s.sorry == null) {
                    c.warning(n, "sorry_server_inhibit before or without sorry_server: ignored");
                } else {
                    s.sorry.inhibit = true;
                }
            })
            .line("sorry_server_lvs_method", (s, n, c) -> {
                if (s.sorry == null) {
                    c.warning(n, "sorry_server_lvs_method before or without sorry_server: ignored");
                } else {
                    s.sorry.forwarding = or(forwarding(n, c, "sorry"), s.sorry.forwarding);
                }
            })
            .block("real_server", (s, n, c) -> {
                if (!c.arity(n, 1, 2)) {
                    return;
                }
                InetAddress a = c.address(n.arg(0), "real_server");
                Integer p = n.argCount() > 1 ? c.port(n.arg(1), "real_server port", true) : Integer.valueOf(0);
                if (a == null || p == null) {
                    return;
                }
                Rs rs = new Rs();
                rs.address = a;
                rs.port = p;
                rs.location = n.location();
                LvsParser.REAL_SERVER.dispatch(rs, n.children(), c, "real_server " + rs.display());
                s.reals.add(rs);
            });

    private static <T> T or(T value, T previous) {
        return value != null ? value : previous;
    }

    private static ScriptCommand once(ScriptCommand previous, Node n, ParseContext c) {
        if (previous != null) {
            c.warning(n, "'" + n.name() + "' was already given at line " + previous.location().line()
                    + ": this one is ignored");
            return previous;
        }
        return c.script(n, true);
    }

    private static void scheduler(Vs s, Node n, ParseContext c) {
        String v = c.string(n);
        if (v == null) {
            return;
        }
        if (!SCHEDULERS.contains(v)) {
            String hint = ParseContext.suggest(v, SCHEDULERS);
            c.error(n.arg(0), "unknown " + n.name() + " '" + v + "'" + (hint != null ? ": did you mean '" + hint
                    + "'?" : ": rr, wrr, lc, wlc, lblc, sh, mh, dh, fo, ovf, lblcr, sed, nq or twos"));
            return;
        }
        s.scheduler = v;
    }

    private static void flag(Vs s, Node n, ParseContext c) {
        if (c.arity(n, 0, 0) && !s.flags.contains(n.name())) {
            s.flags.add(n.name());
        }
    }

    // ------------------------------------------------------------------------------------------- real_server

    static final KeywordTable<Rs> REAL_SERVER = checkerKeywords(timingKeywords(new KeywordTable<Rs>("real_server"), 1,
            true)
            .line("weight", (s, n, c) -> s.weight = or(c.intArg(n, 0, 65535), s.weight))
            .line("lvs_method", (s, n, c) -> s.forwarding = or(forwarding(n, c, "real"), s.forwarding))
            .line("uthreshold", (s, n, c) -> s.upper = or(c.longArg(n, 0, 0xffffffffL), s.upper))
            .line("lthreshold", (s, n, c) -> s.lower = or(c.longArg(n, 0, 0xffffffffL), s.lower))
            .line("inhibit_on_failure", (s, n, c) -> s.inhibit = or(optBool(n, c), s.inhibit))
            .line("notify_up", (s, n, c) -> s.notifyUp = once(s.notifyUp, n, c))
            .line("notify_down", (s, n, c) -> s.notifyDown = once(s.notifyDown, n, c))
            .line("alpha", (s, n, c) -> s.alpha = or(optBool(n, c), s.alpha))
            .inactive("smtp_alert", LINE, (s, n, c) -> s.smtpAlert = or(optBool(n, c), s.smtpAlert))
            .line("virtualhost", (s, n, c) -> s.virtualhost = or(c.string(n), s.virtualhost))
            .inactive("snmp_name", LINE, (s, n, c) -> s.snmpName = c.string(n)));

    private static KeywordTable<Rs> checkerKeywords(KeywordTable<Rs> t) {
        for (String kind : List.of("TCP_CHECK", "HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK",
                "UDP_CHECK", "PING_CHECK", "FILE_CHECK")) {
            t.block(kind, (s, n, c) -> checker(s, n, c, kind));
        }
        t.inactive("BFD_CHECK", BLOCK, (s, n, c) -> checker(s, n, c, "BFD_CHECK"));
        return t;
    }

    private static void checker(Rs rs, Node n, ParseContext c, String kind) {
        c.arity(n, 0, 0);
        Chk k = new Chk();
        k.kind = kind;
        k.location = n.location();
        KeywordTable<Chk> table = switch (kind) {
            case "TCP_CHECK", "PING_CHECK" -> CONNECTION_CHECK;
            case "HTTP_GET" -> HTTP;
            case "SSL_GET" -> SSL;
            case "SMTP_CHECK" -> SMTP;
            case "DNS_CHECK" -> DNS;
            case "MISC_CHECK" -> MISC;
            case "UDP_CHECK" -> UDP;
            case "FILE_CHECK" -> FILE;
            default -> BFD_CHECK;
        };
        table.dispatch(k, n.children(), c, kind + " of real_server " + rs.display());
        rs.checkers.add(k);
    }

    // ------------------------------------------------------------------------------------------------ checkers

    private static KeywordTable<Chk> timing(KeywordTable<Chk> t) {
        return timingKeywords(t, 0, false)
                .deprecated("nb_get_retry", "retry", LINE, (s, n, c) -> s.retry = or(c.intArg(n, 0,
                        Integer.MAX_VALUE), s.retry))
                .line("alpha", (s, n, c) -> s.alpha = or(optBool(n, c), s.alpha))
                .line("log_all_failures", (s, n, c) -> {
                    Boolean b = optBool(n, c);
                    s.logAllFailures = b != null ? b : s.logAllFailures;
                });
    }

    private static KeywordTable<Chk> connection(KeywordTable<Chk> t) {
        return timing(t).line("connect_ip", (s, n, c) -> s.connectIp = c.string(n) == null ? s.connectIp
                        : or(c.address(n.arg(0), "connect_ip"), s.connectIp))
                .line("connect_port", (s, n, c) -> s.connectPort = or(c.intArg(n, 1, 65535), s.connectPort))
                .line("bindto", (s, n, c) -> s.bindTo = c.string(n) == null ? s.bindTo
                        : or(c.address(n.arg(0), "bindto"), s.bindTo))
                .line("bind_port", (s, n, c) -> s.bindPort = or(c.intArg(n, 1, 65535), s.bindPort))
                .line("bind_if", (s, n, c) -> s.bindIf = or(GlobalParser.interfaceName(n, c), s.bindIf))
                .line("connect_timeout", (s, n, c) -> s.connectTimeout = or(c.secondsArg(n, 1000,
                        0xffffffffL * 1000), s.connectTimeout))
                .line("fwmark", (s, n, c) -> s.fwmark = or(c.longArg(n, 0, 0xffffffffL), s.fwmark));
    }

    static final KeywordTable<Chk> CONNECTION_CHECK = connection(new KeywordTable<>("checker"));

    private static KeywordTable<Chk> http(String name, boolean ssl) {
        KeywordTable<Chk> t = connection(new KeywordTable<Chk>(name))
                .line("virtualhost", (s, n, c) -> s.virtualhost = or(c.string(n), s.virtualhost))
                .line("http_protocol", (s, n, c) -> {
                    String v = c.string(n);
                    if ("1.0".equals(v) || "1.1".equals(v) || "1.0C".equals(v) || "1.0c".equals(v)) {
                        s.httpProtocol = v.toUpperCase(Locale.ROOT);
                    } else if (v != null) {
                        c.error(n.arg(0), "http_protocol is 1.0, 1.0C or 1.1, not '" + v + "'");
                    }
                })
                .line("fast_recovery", (s, n, c) -> {
                    Boolean b = optBool(n, c);
                    s.fastRecovery = b != null ? b : s.fastRecovery;
                })
                .block("url", (s, n, c) -> {
                    CheckerConfig.UrlCheck u = url(n, c);
                    if (u != null) {
                        s.urls.add(u);
                    }
                });
        if (ssl) {
            t.line("enable_sni", (s, n, c) -> s.enableSni = c.arity(n, 0, 0) || s.enableSni);
        }
        return t;
    }

    static final KeywordTable<Chk> HTTP = http("HTTP_GET", false);
    static final KeywordTable<Chk> SSL = http("SSL_GET", true);

    private static final Set<String> REGEX_OPTIONS = Set.of("allow_empty_class", "alt_bsux", "auto_callout",
            "caseless", "dollar_endonly", "dotall", "dupnames", "extended", "firstline", "match_unset_backref",
            "multiline", "never_ucp", "never_utf", "no_auto_capture", "no_auto_possess", "no_dotstar_anchor",
            "no_start_optimize", "ucp", "ungreedy", "utf", "never_backslash_c", "alt_circumflex", "alt_verbnames",
            "use_offset_limit");

    static CheckerConfig.UrlCheck url(Node n, ParseContext c) {
        String path = null;
        String digest = null;
        List<CheckerConfig.StatusRange> codes = new ArrayList<>();
        String vhost = null;
        String regex = null;
        boolean noMatch = false;
        List<String> options = new ArrayList<>();
        Long stackStart = null;
        Long stackMax = null;
        Long minOffset = null;
        Long maxOffset = null;
        for (Node k : n.children()) {
            if (k.hasBlock()) {
                c.error(k, "'" + k.name() + "' takes no block");
                continue;
            }
            switch (k.name()) {
                case "path" -> path = or(c.string(k), path);
                case "digest" -> {
                    String d = c.string(k);
                    if (d != null && !d.matches("[0-9a-fA-F]{32}")) {
                        c.error(k.arg(0), "digest '" + d + "' is not an MD5 sum (32 hex digits; see genhash)");
                    } else if (d != null) {
                        digest = d.toLowerCase(Locale.ROOT);
                    }
                }
                case "status_code" -> {
                    if (!c.arity(k, 1, Integer.MAX_VALUE)) {
                        continue;
                    }
                    for (Token t : k.args()) {
                        String[] r = t.text().split("-", 2);
                        Long from = c.integer(new Token(r[0], false, t.location()), "status_code", 100, 999);
                        Long to = r.length > 1 ? c.integer(new Token(r[1], false, t.location()), "status_code", 100,
                                999) : from;
                        if (from == null || to == null) {
                            continue;
                        }
                        if (to < from) {
                            c.error(t, "status_code range '" + t.text() + "' ends before it starts");
                            continue;
                        }
                        codes.add(new CheckerConfig.StatusRange(from.intValue(), to.intValue()));
                    }
                }
                case "virtualhost" -> vhost = or(c.string(k), vhost);
                case "regex" -> {
                    try {
                        List<String> w = io.vigil.core.config.ShellWords.split(k.line().text());
                        if (w.size() != 2) {
                            c.error(k, "'regex' takes one pattern (quote it when it has spaces)");
                        } else {
                            regex = w.get(1);
                        }
                    } catch (IllegalArgumentException e) {
                        c.error(k, "'regex': " + e.getMessage());
                    }
                }
                case "regex_no_match" -> noMatch = c.arity(k, 0, 0) || noMatch;
                case "regex_options" -> {
                    for (Token t : k.args()) {
                        if (REGEX_OPTIONS.contains(t.text())) {
                            options.add(t.text());
                        } else {
                            c.error(t, "unknown regex option '" + t.text() + "'");
                        }
                    }
                }
                case "regex_stack" -> {
                    if (c.arity(k, 2, 2)) {
                        stackStart = c.integer(k.arg(0), "regex_stack start", 1, Integer.MAX_VALUE);
                        stackMax = c.integer(k.arg(1), "regex_stack max", 1, Integer.MAX_VALUE);
                    }
                }
                case "regex_min_offset" -> minOffset = or(c.longArg(k, 0, Long.MAX_VALUE / 2), minOffset);
                case "regex_max_offset" -> maxOffset = or(c.longArg(k, 0, Long.MAX_VALUE / 2), maxOffset);
                default -> {
                    String hint = ParseContext.suggest(k.name(), List.of("path", "digest", "status_code",
                            "virtualhost", "regex", "regex_no_match", "regex_options", "regex_stack",
                            "regex_min_offset", "regex_max_offset"));
                    c.warning(k, "unknown keyword '" + k.name() + "' in url" + (hint != null ? ": did you mean '"
                            + hint + "'?" : ""));
                }
            }
        }
        if (path == null) {
            c.error(n, "url without a path: add 'path /...'");
            return null;
        }
        if (regex != null) {
            try {
                java.util.regex.Pattern.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                c.warning(n, "regex '" + regex + "' does not compile as a Java pattern (" + e.getDescription()
                        + "); keepalived uses PCRE2, check it there");
            }
        }
        if (stackStart != null && stackMax != null && stackMax < stackStart) {
            c.error(n, "regex_stack: MAX is below START");
        }
        if (codes.isEmpty()) {
            codes.add(CheckerConfig.StatusRange.SUCCESS);
        }
        return new CheckerConfig.UrlCheck(path, digest, codes, vhost, regex, noMatch, options, stackStart, stackMax,
                minOffset, maxOffset, n.location());
    }

    static final KeywordTable<Chk> SMTP = connection(new KeywordTable<Chk>("SMTP_CHECK"))
            .line("helo_name", (s, n, c) -> s.helo = or(c.string(n), s.helo))
            .deprecated("host", "one SMTP_CHECK per server", BLOCK, (s, n, c) -> {
                Chk h = new Chk();
                h.kind = "SMTP_CHECK host";
                h.location = n.location();
                LvsParser.SMTP_HOST.dispatch(h, n.children(), c, "SMTP_CHECK host");
                s.hosts.add(h);
            });

    static final KeywordTable<Chk> SMTP_HOST = connection(new KeywordTable<>("host"));

    private static final Set<String> DNS_TYPES = Set.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA");

    static final KeywordTable<Chk> DNS = connection(new KeywordTable<Chk>("DNS_CHECK"))
            .line("type", (s, n, c) -> {
                String v = c.string(n);
                if (v != null && DNS_TYPES.contains(v.toUpperCase(Locale.ROOT))) {
                    s.dnsType = v.toUpperCase(Locale.ROOT);
                } else if (v != null) {
                    c.error(n.arg(0), "DNS query type '" + v + "' is not one of A, NS, CNAME, SOA, MX, TXT, AAAA");
                }
            })
            .line("name", (s, n, c) -> s.dnsName = or(c.string(n), s.dnsName));

    static final KeywordTable<Chk> MISC = timing(new KeywordTable<Chk>("MISC_CHECK"))
            .line("misc_path", (s, n, c) -> {
                ScriptCommand p = c.script(n, false);
                if (p != null) {
                    s.miscPath = p;
                }
            })
            .line("misc_timeout", (s, n, c) -> {
                Long v = c.longArg(n, 0, Integer.MAX_VALUE);
                if (v != null) {
                    s.miscTimeout = v * SECOND;
                }
            })
            .line("misc_dynamic", (s, n, c) -> s.dynamic = c.arity(n, 0, 0) || s.dynamic)
            .line("user", (s, n, c) -> {
                if (c.arity(n, 1, 2)) {
                    s.miscUser = n.arg(0).text();
                    s.miscGroup = n.argCount() > 1 ? n.arg(1).text() : null;
                }
            });

    static final KeywordTable<Chk> UDP = connection(new KeywordTable<Chk>("UDP_CHECK"))
            .line("payload", (s, n, c) -> s.payload = or(hex(n, c, false), s.payload))
            .line("require_reply", (s, n, c) -> {
                s.requireReply = true;
                if (n.argCount() > 0) {
                    s.replyHex = or(hex(n, c, true), s.replyHex);
                }
            })
            .line("min_reply_length", (s, n, c) -> s.minReply = or(c.intArg(n, 0, 65535), s.minReply))
            .line("max_reply_length", (s, n, c) -> s.maxReply = or(c.intArg(n, 0, 65535), s.maxReply));

    /**
     * keepalived's free hex format: each word is hex digits taken in pairs; the odd last digit of a word is a byte
     * of its own ({@code Ab12f 3} is AB 12 0F 03). {@code x} ignores a nibble in a reply pattern.
     */
    static String hex(Node n, ParseContext c, boolean wildcards) {
        if (!c.arity(n, 1, Integer.MAX_VALUE)) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (Token t : n.args()) {
            String w = t.text().toLowerCase(Locale.ROOT);
            if (!w.matches(wildcards ? "[0-9a-fx]+" : "[0-9a-f]+")) {
                c.error(t, "'" + t.text() + "' is not hex digits" + (wildcards ? " (x for an ignored nibble)" : ""));
                return null;
            }
            int even = w.length() - w.length() % 2;
            out.append(w, 0, even);
            if (even < w.length()) {
                out.append('0').append(w.charAt(even));
            }
        }
        return out.toString();
    }

    static final KeywordTable<Chk> FILE = new KeywordTable<Chk>("FILE_CHECK")
            .line("track_file", (s, n, c) -> s.trackFile = or(c.string(n), s.trackFile))
            .line("dynamic", (s, n, c) -> s.dynamic = c.arity(n, 0, 0) || s.dynamic)
            .line("weight", (s, n, c) -> {
                ParseContext.Weighted w = c.weightArg(n, "FILE_CHECK", -2147483647L, 2147483647L);
                if (w != null) {
                    s.fileWeight = w.weight() != null ? w.weight() : s.fileWeight;
                    s.fileReverse = w.reverse() || s.fileReverse;
                }
            });

    static final KeywordTable<Chk> BFD_CHECK = new KeywordTable<Chk>("BFD_CHECK")
            .line("name", (s, n, c) -> s.bfdName = or(c.string(n), s.bfdName))
            .line("alpha", (s, n, c) -> s.alpha = or(optBool(n, c), s.alpha));

    // ------------------------------------------------------------------------------------------------ completion

    /** Completes every virtual server (see the class comment); virtual servers that cannot be built are dropped. */
    static List<VirtualServerConfig> complete(Root r, GlobalParser.State g, ParseContext c) {
        List<VirtualServerConfig> out = new ArrayList<>();
        for (Vs vs : r.servers) {
            VirtualServerConfig v = complete(vs, r.groups, g, c);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static VirtualServerConfig complete(Vs vs, List<VirtualServerGroupConfig> groups,
                                                GlobalParser.State g, ParseContext c) {
        String where = vs.display();
        VirtualServerGroupConfig vsg = null;
        if (vs.group != null) {
            vsg = groups.stream().filter(x -> x.name().equals(vs.group)).findFirst().orElse(null);
            if (vsg == null) {
                String hint = ParseContext.suggest(vs.group, groups.stream().map(VirtualServerGroupConfig::name)
                        .toList());
                c.diags.error(vs.location, where + ": no virtual_server_group " + vs.group + " is defined"
                        + (hint != null ? ": did you mean '" + hint + "'?" : ""));
                return null;
            }
        }
        boolean fwmarkOnly = vs.fwmark != null || (vsg != null && vsg.entries().stream()
                .allMatch(VirtualServerGroupConfig.Entry::isFwmark));
        boolean hasAddresses = vs.address != null || (vsg != null && vsg.entries().stream()
                .anyMatch(e -> !e.isFwmark()));
        Forwarding fwd = vs.forwarding;
        if (fwd == null) {
            fwd = Forwarding.NAT;
        }
        // family
        AddressFamily family = vs.address != null ? AddressFamily.of(vs.address) : null;
        if (vsg != null) {
            for (VirtualServerGroupConfig.Entry e : vsg.entries()) {
                AddressFamily f = e.isFwmark() ? e.family() : AddressFamily.of(e.first());
                if (f != null && family == null) {
                    family = f;
                }
            }
        }
        if (vs.ipFamily != null) {
            if (family != null && family != vs.ipFamily) {
                c.diags.error(vs.location, where + ": ip_family " + vs.ipFamily.displayName().toLowerCase(
                        Locale.ROOT) + " does not match the service's family (" + family.displayName() + ")");
                return null;
            }
            family = vs.ipFamily;
        }
        if (family == null) {
            for (Rs rs : vs.reals) {
                Forwarding f = rs.forwarding != null ? rs.forwarding : fwd;
                if (f.method() != Forwarding.Method.TUN) {
                    family = AddressFamily.of(rs.address);
                    break;
                }
            }
        }
        if (family == null) {
            family = AddressFamily.INET;
            for (Rs rs : vs.reals) {
                if (AddressFamily.of(rs.address) == AddressFamily.INET6) {
                    family = AddressFamily.INET6;
                } else {
                    family = AddressFamily.INET;
                    break;
                }
            }
        }
        // protocol
        Protocol protocol = vs.protocol;
        if (fwmarkOnly) {
            if (protocol != null) {
                c.diags.warning(vs.protocolAt, where + ": a protocol is given for a fwmark service: IPVS ignores"
                        + " it (remove 'protocol')");
                protocol = null;
            }
        } else if (protocol == null && hasAddresses) {
            c.diags.warning(vs.location, where + ": no protocol given: keepalived 2.2.7 then uses UDP, and so does"
                    + " vigil; add 'protocol TCP' (or UDP, SCTP)");
            protocol = Protocol.UDP;
        }
        List<String> flags = new ArrayList<>(vs.flags);
        if (flags.contains("ops") && !fwmarkOnly && protocol != Protocol.UDP) {
            c.diags.warning(vs.location, where + ": one-packet scheduling (ops) needs UDP: ignored");
            flags.remove("ops");
        }
        String scheduler = vs.scheduler;
        if (scheduler == null) {
            c.diags.warning(vs.location, where + ": no lb_algo given: using wlc (keepalived's default)");
            scheduler = "wlc";
        }
        for (String f : List.copyOf(flags)) {
            if ((f.startsWith("sh-") && !scheduler.equals("sh")) || (f.startsWith("mh-") && !scheduler.equals("mh"))) {
                c.diags.warning(vs.location, where + ": '" + f + "' only applies to the " + f.substring(0, 2)
                        + " scheduler: ignored");
                flags.remove(f);
            }
        }
        if (vs.forwarding == null) {
            c.diags.warning(vs.location, where + ": no lb_kind given: using NAT (keepalived's default)");
        }
        long persistence = vs.persistence != null ? vs.persistence : 0;
        if (vs.granularity != null && persistence == 0) {
            persistence = PERSISTENT_TIMEOUT_DEFAULT;
        }
        if (persistence == 0 && vs.address != null && vs.port == 0) {
            c.diags.warning(vs.location, where + ": a service without a port must be persistent: using"
                    + " persistence_timeout " + PERSISTENT_TIMEOUT_DEFAULT);
            persistence = PERSISTENT_TIMEOUT_DEFAULT;
        }
        if (persistence == 0 && vsg != null && vsg.entries().stream().anyMatch(e -> !e.isFwmark() && e.port() == 0)) {
            c.diags.warning(vs.location, where + ": an entry of group " + vsg.name() + " has no port, so the service"
                    + " must be persistent: using persistence_timeout " + PERSISTENT_TIMEOUT_DEFAULT);
            persistence = PERSISTENT_TIMEOUT_DEFAULT;
        }
        boolean haSuspend = vs.haSuspend;
        if (haSuspend && (vs.fwmark != null || (vsg != null && vsg.entries().stream()
                .anyMatch(VirtualServerGroupConfig.Entry::isFwmark)))) {
            c.diags.warning(vs.location, where + ": ha_suspend does not work with fwmarks: ignored");
            haSuspend = false;
        }
        boolean vsSmtp = vs.smtpAlert != null ? vs.smtpAlert : g.smtpAlertChecker != null ? g.smtpAlertChecker
                : g.smtpAlert != null && g.smtpAlert;
        long delayLoop = vs.delayLoop != null ? vs.delayLoop : DEFAULT_DELAY_LOOP;
        long connectTimeout = vs.connectTimeout != null ? vs.connectTimeout : DEFAULT_CONNECT_TIMEOUT;
        int servicePort = vs.address != null ? vs.port : 0;

        List<RealServerConfig> reals = new ArrayList<>();
        java.util.Map<Object, RealServerConfig> seen = new java.util.HashMap<>();
        long weightSum = 0;
        for (Rs rs : vs.reals) {
            RealServerConfig rc = completeReal(rs, vs, fwd, family, fwmarkOnly, vsg, servicePort, delayLoop,
                    connectTimeout, g, c, seen);
            if (rc != null) {
                reals.add(rc);
                weightSum += rc.weight();
            }
        }
        SorryServerConfig sorry = null;
        if (vs.sorry != null) {
            Forwarding sf = vs.sorry.forwarding != null ? vs.sorry.forwarding : fwd;
            if (sf.method() != Forwarding.Method.TUN && AddressFamily.of(vs.sorry.address) != family) {
                c.diags.error(vs.sorry.location, where + ": sorry_server " + InetAddresses.toText(vs.sorry.address)
                        + " is not of the service's family (" + family.displayName() + ")");
            } else {
                int port = serverPort(vs.sorry.port, sf, fwmarkOnly, vsg, servicePort, vs.sorry.location, where,
                        "sorry_server", c);
                boolean inhibit = vs.sorry.inhibit;
                for (RealServerConfig rc : reals) {
                    if (rc.address().equals(vs.sorry.address) && rc.port() == port && rc.inhibitOnFailure() != inhibit) {
                        c.diags.warning(vs.sorry.location, where + ": the sorry server is also real server "
                                + InetAddresses.toText(rc.address()) + " but with another inhibit_on_failure: using the"
                                + " real server's");
                        inhibit = rc.inhibitOnFailure();
                    }
                }
                sorry = new SorryServerConfig(vs.sorry.address, port, sf, inhibit, vs.sorry.location);
            }
        }
        long quorum = vs.quorum;
        if (quorum > weightSum) {
            c.diags.warning(vs.location, where + ": quorum " + quorum + " is above the total weight of the real"
                    + " servers (" + weightSum + "): using " + weightSum + (weightSum == 0 ? "" : ""));
            quorum = weightSum;
        }
        long hysteresis = vs.hysteresis;
        if (quorum > 0 && hysteresis >= quorum) {
            c.diags.warning(vs.location, where + ": hysteresis " + hysteresis + " is not below quorum " + quorum
                    + ": using " + (quorum - 1));
            hysteresis = quorum - 1;
        } else if (quorum == 0 && hysteresis > 0) {
            hysteresis = 0;
        }
        if (quorum == 0) {
            quorum = 0;
        }
        return new VirtualServerConfig(vs.address, servicePort, vs.fwmark, vs.group, family, protocol, scheduler,
                flags, fwd, vs.pengine, persistence, vs.granularity, haSuspend, vsSmtp, vs.virtualhost, vs.snmpName,
                vs.alpha, vs.omega, quorum, hysteresis, vs.quorumUp, vs.quorumDown, vs.weight, sorry, reals,
                delayLoop, connectTimeout, vs.retry, vs.delayBeforeRetry, vs.warmup, vs.inhibit, vs.location,
                vs.loopGuard);
    }

    private static int serverPort(int given, Forwarding f, boolean fwmarkOnly, VirtualServerGroupConfig vsg,
                                  int servicePort, SourceLocation at, String where, String what, ParseContext c) {
        if (f.method() == Forwarding.Method.NAT) {
            return given == 0 && vsg == null && !fwmarkOnly ? servicePort : given;
        }
        if (fwmarkOnly) {
            if (given != 0) {
                c.diags.warning(at, where + ": " + what + " has a port, but a fwmark service with " + f.method()
                        + " forwards to the original port: port ignored");
            }
            return 0;
        }
        if (vsg != null) {
            for (VirtualServerGroupConfig.Entry e : vsg.entries()) {
                if (!e.isFwmark() && given != 0 && e.port() != given) {
                    c.diags.warning(at, where + ": " + what + " port " + given + " differs from port " + e.port()
                            + " of group " + vsg.name() + ", and " + f.method() + " does not change ports");
                    break;
                }
            }
            return given;
        }
        if (given == 0) {
            return servicePort;
        }
        if (given != servicePort) {
            c.diags.warning(at, where + ": " + what + " port " + given + " differs from the service port "
                    + servicePort + ", and " + f.method() + " does not change ports: using " + servicePort);
            return servicePort;
        }
        return given;
    }

    private static RealServerConfig completeReal(Rs rs, Vs vs, Forwarding vsFwd, AddressFamily family,
                                                 boolean fwmarkOnly, VirtualServerGroupConfig vsg, int servicePort,
                                                 long vsDelayLoop, long vsConnectTimeout, GlobalParser.State g,
                                                 ParseContext c, java.util.Map<Object, RealServerConfig> seen) {
        String where = vs.display();
        Forwarding fwd = rs.forwarding != null ? rs.forwarding : vsFwd;
        if (fwd.method() != Forwarding.Method.TUN && AddressFamily.of(rs.address) != family) {
            c.diags.error(rs.location, where + ": real_server " + rs.display() + " is "
                    + AddressFamily.of(rs.address).displayName() + " but the service is " + family.displayName()
                    + " (only tunnelled real servers may differ)");
            return null;
        }
        int port = serverPort(rs.port, fwd, fwmarkOnly, vsg, servicePort, rs.location, where,
                "real_server " + rs.display(), c);
        RealServerConfig p = seen.get(java.util.List.of(rs.address, port));
        if (p != null) {
            c.diags.error(rs.location, where + ": real_server " + rs.display() + " is already defined at line "
                    + p.location().line());
            return null;
        }
        boolean alpha = rs.alpha != null ? rs.alpha : vs.alpha;
        boolean inhibit = rs.inhibit != null ? rs.inhibit : vs.inhibit;
        long connectTimeout = rs.connectTimeout != null ? rs.connectTimeout : vsConnectTimeout;
        long delayLoop = rs.delayLoop != null ? rs.delayLoop : vsDelayLoop;
        Integer retry = rs.retry != null ? rs.retry : vs.retry;
        Long dbr = rs.delayBeforeRetry != null ? rs.delayBeforeRetry : vs.delayBeforeRetry;
        Long warmup = rs.warmup != null ? rs.warmup : vs.warmup;
        int weight = rs.weight != null ? rs.weight : vs.weight;
        boolean smtp = rs.smtpAlert != null ? rs.smtpAlert : g.smtpAlertChecker != null ? g.smtpAlertChecker
                : g.smtpAlert == null || g.smtpAlert;
        String vhost = rs.virtualhost != null ? rs.virtualhost : vs.virtualhost;
        List<CheckerConfig> checkers = new ArrayList<>();
        for (Chk k : rs.checkers) {
            CheckerConfig cc = completeChecker(k, rs, port, alpha, connectTimeout, delayLoop, retry, dbr, warmup, vhost,
                    g, c, where);
            if (cc != null) {
                checkers.add(cc);
            }
        }
        if (rs.upper != 0 && rs.lower > rs.upper) {
            c.diags.warning(rs.location, where + ": real_server " + rs.display() + ": lthreshold " + rs.lower
                    + " is above uthreshold " + rs.upper);
        }
        RealServerConfig out = new RealServerConfig(rs.address, port, weight, fwd, rs.notifyUp, rs.notifyDown,
                rs.upper, rs.lower, smtp, rs.virtualhost, rs.snmpName, alpha, inhibit, connectTimeout, retry, dbr,
                warmup, delayLoop, checkers, rs.location);
        seen.put(java.util.List.of(rs.address, port), out);
        return out;
    }

    private static CheckerConfig completeChecker(Chk k, Rs rs, int rsPort, boolean rsAlpha, long rsConnectTimeout,
                                                 long rsDelayLoop, Integer rsRetry, Long rsDbr, Long rsWarmup,
                                                 String vhost, GlobalParser.State g, ParseContext c, String where) {
        String what = where + ": " + k.kind + " of real_server " + rs.display();
        int defaultRetry = switch (k.kind) {
            case "DNS_CHECK" -> 3;
            case "MISC_CHECK" -> 0;
            default -> 1;
        };
        long delayLoop = k.delayLoop != null ? k.delayLoop : rsDelayLoop;
        long defaultDbr = switch (k.kind) {
            case "HTTP_GET", "SSL_GET" -> 3 * SECOND;
            case "DNS_CHECK" -> delayLoop;
            default -> SECOND;
        };
        CheckTiming timing = new CheckTiming(k.alpha != null ? k.alpha : rsAlpha,
                k.retry != null ? k.retry : rsRetry != null ? rsRetry : defaultRetry,
                k.delayBeforeRetry != null ? k.delayBeforeRetry : rsDbr != null ? rsDbr : defaultDbr,
                k.warmup != null ? k.warmup : rsWarmup != null ? rsWarmup : delayLoop, delayLoop,
                k.logAllFailures || g.checkerLogAllFailures);
        switch (k.kind) {
            case "MISC_CHECK" -> {
                if (k.miscPath == null) {
                    c.diags.error(k.location, what + " has no misc_path: add misc_path \"/path/to/check\"");
                    return null;
                }
                ScriptCommand path = k.miscUser == null ? k.miscPath : new ScriptCommand(k.miscPath.command(),
                        k.miscUser, k.miscGroup, k.miscPath.location());
                return new CheckerConfig.MiscCheck(timing, path, k.miscTimeout > 0 ? k.miscTimeout : delayLoop,
                        k.dynamic, k.location);
            }
            case "FILE_CHECK" -> {
                if (k.trackFile == null) {
                    c.diags.error(k.location, what + " has no track_file: add track_file NAME");
                    return null;
                }
                return new CheckerConfig.FileCheck(k.trackFile, k.dynamic, k.fileWeight, k.fileReverse, k.location);
            }
            case "BFD_CHECK" -> {
                if (k.bfdName == null) {
                    c.diags.error(k.location, what + " has no name: add name BFD_INSTANCE");
                    return null;
                }
                return new CheckerConfig.BfdCheck(k.bfdName, k.alpha != null ? k.alpha : rsAlpha, k.location);
            }
            default -> {
            }
        }
        ConnectionOptions conn = connectionOf(k, rs, rsPort, rsConnectTimeout, c, what);
        if (conn == null) {
            return null;
        }
        return switch (k.kind) {
            case "TCP_CHECK" -> new CheckerConfig.TcpCheck(conn, timing, k.location);
            case "PING_CHECK" -> new CheckerConfig.PingCheck(conn, timing, k.location);
            case "HTTP_GET", "SSL_GET" -> {
                if (k.urls.isEmpty()) {
                    c.diags.error(k.location, what + " has no url: add url { path / }");
                    yield null;
                }
                yield new CheckerConfig.HttpCheck(k.kind.equals("SSL_GET"), conn, timing, k.httpProtocol,
                        k.fastRecovery, k.enableSni, k.virtualhost != null ? k.virtualhost : vhost, k.urls, k.location);
            }
            case "SMTP_CHECK" -> {
                List<ConnectionOptions> hosts = new ArrayList<>();
                for (Chk h : k.hosts) {
                    if (h.connectTimeout == null) {
                        h.connectTimeout = k.connectTimeout;
                    }
                    ConnectionOptions ho = connectionOf(h, rs, rsPort, rsConnectTimeout, c, what + " host");
                    if (ho != null) {
                        hosts.add(ho);
                    }
                }
                yield new CheckerConfig.SmtpCheck(conn, timing, k.helo, hosts, k.location);
            }
            case "DNS_CHECK" -> new CheckerConfig.DnsCheck(conn, timing, k.dnsType, k.dnsName, k.location);
            case "UDP_CHECK" -> {
                if (k.minReply > k.maxReply) {
                    c.diags.error(k.location, what + ": min_reply_length " + k.minReply + " is above"
                            + " max_reply_length " + k.maxReply);
                    yield null;
                }
                yield new CheckerConfig.UdpCheck(conn, timing, k.payload, k.requireReply, k.replyHex, k.minReply,
                        k.maxReply, k.location);
            }
            default -> throw new IllegalStateException(k.kind);
        };
    }

    private static ConnectionOptions connectionOf(Chk k, Rs rs, int rsPort, long rsConnectTimeout, ParseContext c,
                                                  String what) {
        InetAddress ip = k.connectIp != null ? k.connectIp : rs.address;
        int port = k.connectPort != null ? k.connectPort : rsPort;
        if (k.bindTo != null && AddressFamily.of(k.bindTo) != AddressFamily.of(ip)) {
            c.diags.error(k.location, what + ": bindto " + InetAddresses.toText(k.bindTo) + " and connect address "
                    + InetAddresses.toText(ip) + " are of different families");
            return null;
        }
        if (port == 0 && !k.kind.equals("PING_CHECK")) {
            c.diags.error(k.location, what + " has no port to connect to: add connect_port (the real server has"
                    + " none)");
            return null;
        }
        return new ConnectionOptions(ip, port, k.bindTo, k.bindIf, k.bindPort, k.fwmark,
                k.connectTimeout != null ? k.connectTimeout : rsConnectTimeout);
    }
}
