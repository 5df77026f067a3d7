package io.vigil.core.config.keepalived;

import io.vigil.core.config.RouteConfig;
import io.vigil.core.config.RuleConfig;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lines of address, route and rule blocks ({@code virtual_ipaddress}, {@code static_routes},
 * {@code virtual_rules}...), in the syntax of {@code ip address/route/rule add} as keepalived reads it.
 */
final class IpLines {

    private IpLines() {
    }

    private static final Set<String> ADDRESS_OPTIONS = Set.of("dev", "scope", "brd", "broadcast", "label", "peer",
            "home", "-nodad", "mngtmpaddr", "noprefixroute", "autojoin", "no_track", "preferred_lft", "track_group",
            "use_vmac");

    /**
     * One address line. {@code isStatic}: a {@code static_ipaddress} line ({@code track_group} allowed,
     * {@code use_vmac} not).
     */
    static VirtualAddress address(Node n, ParseContext c, boolean isStatic) {
        if (n.hasBlock()) {
            c.error(n, "an address line takes no block");
            return null;
        }
        IpPrefix prefix = c.prefix(n.keyword(), "address");
        if (prefix == null) {
            return null;
        }
        boolean v6 = prefix.family() == AddressFamily.INET6;
        String dev = null;
        VirtualAddress.AddressScope scope = VirtualAddress.AddressScope.GLOBAL;
        String label = null;
        InetAddress brd = null;
        InetAddress peer = null;
        boolean home = false;
        boolean nodad = false;
        boolean mngtmp = false;
        boolean noprefix = false;
        boolean autojoin = false;
        boolean noTrack = false;
        boolean useVmac = false;
        Long preferred = null;
        String trackGroup = null;
        List<Token> a = n.args();
        for (int i = 0; i < a.size(); i++) {
            Token t = a.get(i);
            String o = t.text();
            boolean needsValue = switch (o) {
                case "dev", "scope", "brd", "broadcast", "label", "peer", "preferred_lft", "track_group" -> true;
                default -> false;
            };
            Token v = needsValue ? (i + 1 < a.size() ? a.get(++i) : null) : null;
            if (needsValue && v == null) {
                c.error(t, "'" + o + "' needs a value");
                return null;
            }
            switch (o) {
                case "dev" -> {
                    if (dev != null) {
                        c.error(t, "the device of " + n.name() + " is given twice");
                        return null;
                    }
                    dev = ifname(v, c);
                }
                case "scope" -> {
                    try {
                        scope = VirtualAddress.AddressScope.parse(v.text());
                    } catch (IllegalArgumentException e) {
                        c.error(v, e.getMessage());
                        return null;
                    }
                    if (v6) {
                        c.warning(t, "a scope cannot be given for an IPv6 address: ignored");
                        scope = VirtualAddress.AddressScope.GLOBAL;
                    }
                }
                case "brd", "broadcast" -> {
                    if (v6) {
                        c.error(t, "an IPv6 address has no broadcast address");
                        return null;
                    }
                    brd = broadcast(prefix, v, c);
                    if (brd == null) {
                        return null;
                    }
                }
                case "label" -> {
                    if (v.text().length() > 15) {
                        c.error(v, "address label '" + v.text() + "' is longer than 15 characters");
                        return null;
                    }
                    if (v6) {
                        c.warning(t, "a label cannot be given for an IPv6 address: ignored");
                    } else {
                        label = v.text();
                    }
                }
                case "peer" -> {
                    if (peer != null) {
                        c.error(t, "only one peer address can be given");
                        return null;
                    }
                    peer = c.address(v, "peer");
                    if (peer == null) {
                        return null;
                    }
                    if (AddressFamily.of(peer) != prefix.family()) {
                        c.error(v, "peer " + v.text() + " is not of the address's family");
                        return null;
                    }
                }
                case "home" -> home = true;
                case "-nodad" -> nodad = true;
                case "mngtmpaddr" -> mngtmp = true;
                case "noprefixroute" -> noprefix = true;
                case "autojoin" -> autojoin = true;
                case "no_track" -> noTrack = true;
                case "preferred_lft" -> {
                    if (v.is("forever")) {
                        preferred = -1L;
                    } else {
                        preferred = c.integer(v, "preferred_lft", 0, 0xffffffffL);
                        if (preferred == null) {
                            return null;
                        }
                    }
                }
                case "track_group" -> {
                    if (!isStatic) {
                        c.error(t, "'track_group' is for static addresses; use 'no_track' here");
                        return null;
                    }
                    trackGroup = v.text();
                }
                case "use_vmac" -> {
                    if (isStatic) {
                        c.error(t, "'use_vmac' is not for static addresses");
                        return null;
                    }
                    useVmac = true;
                }
                default -> {
                    String hint = ParseContext.suggest(o, ADDRESS_OPTIONS);
                    c.error(t, "unknown option '" + o + "' for address " + n.name()
                            + (hint != null ? ": did you mean '" + hint + "'?"
                            : looksLikeAddress(o) ? ": put one address per line" : ""));
                    return null;
                }
            }
        }
        if (brd != null && peer != null) {
            c.warning(n, "a broadcast and a peer address cannot both be given: the broadcast is ignored");
            brd = null;
        }
        if (useVmac && dev == null) {
            c.error(n, "'use_vmac' for an address needs 'dev'");
            return null;
        }
        return new VirtualAddress(prefix, dev, scope, label, brd, nodad, noprefix, n.location(), peer, home, mngtmp,
                autojoin, noTrack, useVmac, preferred, trackGroup);
    }

    static boolean looksLikeAddress(String s) {
        return s.matches("[0-9.]+(/[0-9]+)?") || (s.indexOf(':') >= 0 && s.matches("[0-9a-fA-F:./]+"));
    }

    private static String ifname(Token v, ParseContext c) {
        if (v.text().length() > 15) {
            c.error(v, "interface name '" + v.text() + "' is longer than 15 characters");
            return null;
        }
        return v.text();
    }

    private static InetAddress broadcast(IpPrefix prefix, Token v, ParseContext c) {
        if (v.is("-") || v.is("+")) {
            byte[] b = prefix.address().getAddress();
            int bits = prefix.length();
            for (int i = 0; i < b.length; i++) {
                int keep = Math.max(0, Math.min(8, bits - 8 * i));
                int mask = keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff;
                b[i] = (byte) (v.is("+") ? (b[i] & mask) | (~mask & 0xff) : b[i] & mask);
            }
            return IpPrefix.fromBytes(b);
        }
        InetAddress a = c.address(v, "broadcast");
        if (a != null && AddressFamily.of(a) != AddressFamily.INET) {
            c.error(v, "broadcast " + v.text() + " is not an IPv4 address");
            return null;
        }
        return a;
    }

    // ---------------------------------------------------------------------------------------------------- routes

    private static final Set<String> ROUTE_TYPES = Set.of("unicast", "blackhole", "unreachable", "prohibit", "throw",
            "local", "broadcast", "anycast", "multicast", "nat");

    /** Route options that take one value (a leading {@code lock} is allowed for the metrics). */
    private static final Map<String, Boolean> ROUTE_VALUE_OPTIONS = Map.ofEntries(
            Map.entry("tos", false), Map.entry("dsfield", false), Map.entry("realms", false),
            Map.entry("mtu", true), Map.entry("advmss", true), Map.entry("rtt", true), Map.entry("rttvar", true),
            Map.entry("reordering", true), Map.entry("window", true), Map.entry("cwnd", true),
            Map.entry("ssthresh", true), Map.entry("rto_min", true), Map.entry("initcwnd", true),
            Map.entry("initrwnd", true), Map.entry("hoplimit", true), Map.entry("features", false),
            Map.entry("quickack", false), Map.entry("congctl", true), Map.entry("expires", false),
            Map.entry("pref", false), Map.entry("fastopen_no_cookie", false), Map.entry("ttl-propagate", false),
            Map.entry("vrf", false), Map.entry("onlink", false));

    private static final Set<String> ROUTE_FLAG_OPTIONS = Set.of("onlink", "append", "pervasive", "inet6", "inet");

    /** One route line. {@code isStatic}: a {@code static_routes} line ({@code track_group} allowed). */
    static RouteConfig route(Node n, ParseContext c, boolean isStatic) {
        if (n.hasBlock()) {
            c.error(n, "a route line takes no block");
            return null;
        }
        List<Token> a = n.line().tokens();
        String type = "unicast";
        IpPrefix dest = null;
        InetAddress src = null;
        InetAddress via = null;
        String dev = null;
        String table = null;
        Long metric = null;
        String protocol = null;
        String scope = null;
        boolean noTrack = false;
        String trackGroup = null;
        List<RouteConfig.Nexthop> nexthops = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Token t = a.get(i);
            String o = t.text();
            if (i == 0 && ROUTE_TYPES.contains(o)) {
                type = o;
                continue;
            }
            switch (o) {
                case "src", "to", "via", "gw", "or", "dev", "oif", "table", "metric", "priority", "preference",
                        "protocol", "proto", "scope", "track_group", "nexthop" -> {
                    if (i + 1 >= a.size()) {
                        c.error(t, "route option '" + o + "' needs a value");
                        return null;
                    }
                }
                default -> {
                }
            }
            switch (o) {
                case "src" -> {
                    src = c.address(a.get(++i), "route src");
                    if (src == null) {
                        return null;
                    }
                }
                case "to" -> {
                    dest = destination(a.get(++i), c);
                    if (dest == null) {
                        return null;
                    }
                }
                case "via", "gw" -> {
                    if (o.equals("gw")) {
                        c.diags.warningOnce("deprecated:gw", t.location(), "'gw' for routes is deprecated: use"
                                + " 'via' (reported once)");
                    }
                    Token v = a.get(++i);
                    if ((v.is("inet") || v.is("inet6")) && i + 1 < a.size()) {
                        v = a.get(++i);
                    }
                    via = c.address(v, "route via");
                    if (via == null) {
                        return null;
                    }
                }
                case "or" -> {
                    c.diags.warningOnce("deprecated:or", t.location(), "'or' for routes is deprecated: use"
                            + " 'nexthop' (reported once)");
                    InetAddress alt = c.address(a.get(++i), "route or");
                    if (alt == null) {
                        return null;
                    }
                    if (via != null && nexthops.isEmpty()) {
                        nexthops.add(new RouteConfig.Nexthop(via, dev, null, false));
                        via = null;
                    }
                    nexthops.add(new RouteConfig.Nexthop(alt, dev, null, false));
                }
                case "dev", "oif" -> dev = ifname(a.get(++i), c);
                case "table" -> table = a.get(++i).text();
                case "metric", "priority", "preference" -> {
                    metric = c.integer(a.get(++i), "route " + o, 0, 0xffffffffL);
                    if (metric == null) {
                        return null;
                    }
                }
                case "protocol", "proto" -> protocol = a.get(++i).text();
                case "scope" -> scope = a.get(++i).text();
                case "no_track" -> noTrack = true;
                case "track_group" -> {
                    if (!isStatic) {
                        c.error(t, "'track_group' is for static routes; use 'no_track' here");
                        return null;
                    }
                    trackGroup = a.get(++i).text();
                }
                case "nexthop" -> {
                    int j = i + 1;
                    InetAddress nhVia = null;
                    String nhDev = null;
                    Integer weight = null;
                    boolean onlink = false;
                    while (j < a.size() && !a.get(j).is("nexthop")) {
                        String k = a.get(j).text();
                        if (k.equals("onlink")) {
                            onlink = true;
                            j++;
                            continue;
                        }
                        if (!k.equals("via") && !k.equals("dev") && !k.equals("weight")) {
                            break;
                        }
                        if (j + 1 >= a.size()) {
                            c.error(a.get(j), "nexthop option '" + k + "' needs a value");
                            return null;
                        }
                        Token v = a.get(j + 1);
                        switch (k) {
                            case "via" -> nhVia = c.address(v, "nexthop via");
                            case "dev" -> nhDev = ifname(v, c);
                            default -> {
                                Long w = c.integer(v, "nexthop weight", 1, 256);
                                weight = w == null ? null : w.intValue();
                            }
                        }
                        j += 2;
                    }
                    if (nhVia == null && nhDev == null) {
                        c.error(t, "'nexthop' needs 'via ADDRESS' or 'dev INTERFACE'");
                        return null;
                    }
                    nexthops.add(new RouteConfig.Nexthop(nhVia, nhDev, weight, onlink));
                    i = j - 1;
                }
                default -> {
                    if (ROUTE_FLAG_OPTIONS.contains(o)) {
                        options.add(o);
                    } else if (ROUTE_VALUE_OPTIONS.containsKey(o)) {
                        if (i + 1 >= a.size()) {
                            c.error(t, "route option '" + o + "' needs a value");
                            return null;
                        }
                        StringBuilder opt = new StringBuilder(o);
                        if (ROUTE_VALUE_OPTIONS.get(o) && a.get(i + 1).is("lock") && i + 2 < a.size()) {
                            opt.append(" lock");
                            i++;
                        }
                        opt.append(' ').append(a.get(++i).text());
                        if (o.equals("features") && i + 1 < a.size() && a.get(i + 1).is("ecn")) {
                            opt.append(' ').append(a.get(++i).text());
                        }
                        options.add(opt.toString());
                    } else if (dest == null && (o.equals("default") || looksLikeAddress(o))) {
                        dest = destination(t, c);
                        if (dest == null) {
                            return null;
                        }
                    } else {
                        String hint = ParseContext.suggest(o, allRouteWords());
                        c.error(t, "unknown route option '" + o + "'" + (hint != null ? ": did you mean '" + hint
                                + "'?" : dest != null && looksLikeAddress(o) ? ": the destination is already "
                                + dest : ""));
                        return null;
                    }
                }
            }
        }
        if (dest == null) {
            c.error(n, "the route has no destination (ADDRESS/LEN, 'to ADDRESS/LEN' or 'default')");
            return null;
        }
        return new RouteConfig(type, dest, src, via, dev, nexthops, table, metric, protocol, scope, options, noTrack,
                trackGroup, n.location());
    }

    private static List<String> allRouteWords() {
        List<String> w = new ArrayList<>(ROUTE_VALUE_OPTIONS.keySet());
        w.addAll(ROUTE_FLAG_OPTIONS);
        w.addAll(List.of("src", "to", "via", "dev", "table", "metric", "protocol", "scope", "no_track",
                "track_group", "nexthop"));
        return w;
    }

    private static IpPrefix destination(Token t, ParseContext c) {
        if (t.is("default")) {
            return new IpPrefix(IpPrefix.fromBytes(new byte[4]), 0);
        }
        return c.prefix(t, "route destination");
    }

    // ----------------------------------------------------------------------------------------------------- rules

    private static final Set<String> RULE_VALUE_OPTIONS = Set.of("fwmark", "iif", "iifname", "oif", "oifname",
            "tos", "dsfield", "realms", "suppress_prefixlength", "suppress_ifgroup", "uidrange", "protocol",
            "ip_proto", "sport", "dport", "tun_id");
    private static final Set<String> RULE_FLAG_OPTIONS = Set.of("l3mdev");

    /** One rule line. {@code isStatic}: a {@code static_rules} line. */
    static RuleConfig rule(Node n, ParseContext c, boolean isStatic) {
        if (n.hasBlock()) {
            c.error(n, "a rule line takes no block");
            return null;
        }
        List<Token> a = n.line().tokens();
        boolean not = false;
        IpPrefix from = null;
        IpPrefix to = null;
        String action = null;
        Long pref = null;
        boolean inet6 = false;
        boolean noTrack = false;
        String trackGroup = null;
        List<String> options = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Token t = a.get(i);
            String o = t.text();
            boolean needsValue = switch (o) {
                case "from", "to", "table", "lookup", "goto", "preference", "priority", "order", "track_group" -> true;
                default -> RULE_VALUE_OPTIONS.contains(o);
            };
            if (needsValue && i + 1 >= a.size()) {
                c.error(t, "rule option '" + o + "' needs a value");
                return null;
            }
            switch (o) {
                case "not" -> not = true;
                case "from", "to" -> {
                    Token v = a.get(++i);
                    if (!v.is("all")) {
                        IpPrefix p = c.prefix(v, "rule " + o);
                        if (p == null) {
                            return null;
                        }
                        if (o.equals("from")) {
                            from = p;
                        } else {
                            to = p;
                        }
                    }
                }
                case "table", "lookup" -> action = "table " + a.get(++i).text();
                case "goto" -> {
                    Long g = c.integer(a.get(++i), "rule goto", 0, 0xffffffffL);
                    if (g == null) {
                        return null;
                    }
                    action = "goto " + g;
                }
                case "preference", "priority", "order" -> {
                    pref = c.integer(a.get(++i), "rule " + o, 0, 0xffffffffL);
                    if (pref == null) {
                        return null;
                    }
                }
                case "blackhole", "unreachable", "prohibit", "nop" -> action = o;
                case "inet6" -> inet6 = true;
                case "inet" -> inet6 = false;
                case "no_track" -> noTrack = true;
                case "track_group" -> {
                    if (!isStatic) {
                        c.error(t, "'track_group' is for static rules; use 'no_track' here");
                        return null;
                    }
                    trackGroup = a.get(++i).text();
                }
                default -> {
                    if (RULE_VALUE_OPTIONS.contains(o)) {
                        options.add(o + " " + a.get(++i).text());
                    } else if (RULE_FLAG_OPTIONS.contains(o)) {
                        options.add(o);
                    } else {
                        List<String> known = new ArrayList<>(RULE_VALUE_OPTIONS);
                        known.addAll(List.of("from", "to", "table", "goto", "preference", "not", "no_track"));
                        String hint = ParseContext.suggest(o, known);
                        c.error(t, "unknown rule option '" + o + "'" + (hint != null ? ": did you mean '" + hint
                                + "'?" : ""));
                        return null;
                    }
                }
            }
        }
        if (action == null) {
            c.error(n, "the rule does nothing: give 'table N' (or goto, blackhole, unreachable, prohibit, nop)");
            return null;
        }
        if (from != null && to != null && from.family() != to.family()) {
            c.error(n, "'from' and 'to' are of different address families");
            return null;
        }
        if (from != null || to != null) {
            inet6 = (from != null ? from : to).family() == AddressFamily.INET6;
        }
        if (pref == null) {
            c.warning(n, "the rule has no preference: keepalived picks one, probably not the one you want;"
                    + " add 'preference N'");
        }
        return new RuleConfig(not, from, to, action, pref, options, inet6, noTrack, trackGroup, n.location());
    }
}
