package io.vigil.kernel.nft;

import static io.vigil.kernel.nft.Json.arr;
import static io.vigil.kernel.nft.Json.obj;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import io.vigil.core.port.VirtualService.SchedulerFlag;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compiles a {@link DatapathState} into one libnftables JSON transaction, the load balancer of the nftables
 * datapath. Pure: no kernel. The layout, which other vigil parts (the fwmark rule manager) build beside:
 *
 * <pre>
 * table ip vigil / table ip6 vigil            (NAT services of each family)
 *   chain lb_nat  { type nat hook prerouting priority dstnat (-100); policy accept }
 *     one rule per service: match (daddr, protocol, dport) or (meta mark), then
 *     dnat to SCHEDULER map { range : real server [. port], ... }
 * table netdev vigil                          (DR services)
 *   chain lb_dr   { type filter hook ingress device INPUT priority 0; policy accept }
 *     one rule per service: match, then fwd ip|ip6 to SCHEDULER map { range : real server } device OUTPUT
 * </pre>
 *
 * Only these chains are vigil's load balancer: each transaction creates them if needed, flushes them and adds
 * the rules again, all in one commit, so the kernel switches from the old rules to the new ones at once and
 * chains that others add to these tables (a mark chain at priority mangle, -150, so its marks are seen by lb_nat;
 * or a netdev ingress chain at a priority below 0 for DR fwmark services) are never touched.
 *
 * <p><b>Schedulers.</b> rr and wrr: {@code numgen inc mod TOTAL} over ranges sized by weight (exact weighted round
 * robin, per connection: NAT rules see only a connection's first packet, conntrack does the rest). sh, mh (and
 * their -port flag), dh: {@code jhash} of the source (and port), or destination, address with a fixed seed per
 * service, ranges sized by weight. fo: the heaviest server. DR runs before conntrack, so every packet is scheduled:
 * DR services always hash the flow (addresses and ports), rr/wrr included, which keeps each connection on one
 * server and spreads them by weight; changing the set of servers moves some established flows (as IPVS's sh does).
 * A fwmark DR service hashes the transport header's source port ({@code th sport}) with the source address.
 * Weight 0 (inhibited) servers get no range; a service without any usable server drops new connections.
 *
 * <p><b>The director as a real server</b> ({@link NftOptions#localAddresses()}): {@code fwd} to one's own address
 * would ask the segment for it and go nowhere, so a DR service with local real servers gets a rule before its
 * forwarding rule, with the same hash: the ranges of the local servers map to {@code accept}, and those packets go
 * up the local stack, where the VIP (on lo, or on the interface while MASTER) takes them.
 *
 * <p><b>What it lacks</b> ({@link #limitations}): the connection-count schedulers (lc, wlc, lblc, lblcr, sed, nq,
 * ovf), TUN forwarding, persistence, one-packet scheduling, connection thresholds, a service mixing NAT and DR,
 * NAT fwmark services with real-server ports.
 */
public final class NftRuleset {

    /** The chain names (in tables named by {@link NftOptions#table()}). */
    public static final String NAT_CHAIN = "lb_nat";
    public static final String DR_CHAIN = "lb_dr";
    /** Priority of {@value #NAT_CHAIN} (dstnat) and {@value #DR_CHAIN}. */
    public static final int NAT_PRIORITY = -100;
    public static final int DR_PRIORITY = 0;
    static final String COMMENT_PREFIX = "vigil ";
    /** The comment of a DR service's local-delivery rule ends so. */
    static final String LOCAL_SUFFIX = " local";

    private static final Set<String> SCHEDULERS = Set.of("rr", "wrr", "sh", "mh", "dh", "fo");

    private NftRuleset() {
    }

    /** The families (ip, ip6, netdev) that {@code state} needs a chain in. */
    static Set<String> families(DatapathState state) {
        Set<String> out = new LinkedHashSet<>();
        for (VirtualService s : state.services()) {
            out.add(isDr(s) ? "netdev" : nfFamily(s.key().family()));
        }
        return out;
    }

    /** What this datapath cannot do of {@code state}, one sentence each. */
    public static List<String> limitations(DatapathState state, NftOptions options) {
        List<String> out = new ArrayList<>();
        for (VirtualService s : state.services()) {
            String why = unsupported(s, options);
            if (why != null) {
                out.add(s.key() + ": " + why);
            }
        }
        return out;
    }

    /** Why the nftables datapath cannot run {@code s}, or {@code null}. */
    static String unsupported(VirtualService s, NftOptions options) {
        if (!SCHEDULERS.contains(s.scheduler())) {
            return "scheduler " + s.scheduler() + " needs connection counts, which the nftables datapath does not"
                    + " have (it offers rr, wrr, sh, mh, dh, fo; use the ipvs datapath)";
        }
        if (s.isPersistent()) {
            return "persistence_timeout is not supported by the nftables datapath";
        }
        if (s.onePacket()) {
            return "one-packet scheduling (ops) is not supported by the nftables datapath";
        }
        Set<Forwarding> kinds = new LinkedHashSet<>();
        for (RealServer r : s.realServers()) {
            kinds.add(r.forwarding());
            if (r.forwarding() != Forwarding.NAT && r.forwarding() != Forwarding.DR) {
                return "lb_kind " + r.forwarding() + " (" + r.address().getHostAddress() + ") is not supported by the"
                        + " nftables datapath, which forwards with NAT and DR only";
            }
            if (r.upperThreshold() != 0 || r.lowerThreshold() != 0) {
                return "connection thresholds (uthreshold/lthreshold) need connection counts, which the nftables"
                        + " datapath does not have";
            }
            if (r.family() != s.key().family()) {
                return "real server " + r.address().getHostAddress() + " of another address family needs TUN";
            }
        }
        if (kinds.size() > 1) {
            return "the nftables datapath needs one forwarding method per virtual service, not " + kinds;
        }
        if (kinds.contains(Forwarding.DR) && options.drInput() == null) {
            return "DR on nftables needs the director's input interface (the datapath's DR device option)";
        }
        if (s.key().isFwmark() && kinds.contains(Forwarding.NAT)
                && s.realServers().stream().anyMatch(r -> r.port() != 0)) {
            return "NAT to a real server port needs a protocol, which a fwmark service has not (use port 0)";
        }
        return null;
    }

    static boolean isDr(VirtualService s) {
        return !s.realServers().isEmpty() && s.realServers().get(0).forwarding() == Forwarding.DR;
    }

    static String nfFamily(AddressFamily f) {
        return f == AddressFamily.INET ? "ip" : "ip6";
    }

    /**
     * The transaction: for each family in {@code families} (those the new state needs and those the previous state
     * used, so withdrawn rules go), create table and chain, flush the chain, add one rule per supported service.
     */
    static String transaction(DatapathState state, Set<String> families, NftOptions o) {
        List<Object> cmds = new ArrayList<>();
        for (String family : families) {
            cmds.add(obj("add", obj("table", obj("family", family, "name", o.table()))));
            cmds.add(obj("add", obj("chain", chain(family, o))));
            cmds.add(obj("flush", obj("chain", obj("family", family, "table", o.table(), "name", chainName(family)))));
        }
        for (VirtualService s : state.services()) {
            if (unsupported(s, o) != null) {
                continue;
            }
            String family = isDr(s) ? "netdev" : nfFamily(s.key().family());
            if (families.contains(family)) {
                List<Object> local = isDr(s) ? localExpressions(s, o) : null;
                if (local != null) {
                    cmds.add(obj("add", obj("rule", obj("family", family, "table", o.table(), "chain",
                            chainName(family), "comment", comment(s) + LOCAL_SUFFIX, "expr", local))));
                }
                cmds.add(obj("add", obj("rule", obj("family", family, "table", o.table(), "chain", chainName(family),
                        "comment", comment(s), "expr", expressions(s, o)))));
            }
        }
        return Json.write(obj("nftables", cmds));
    }

    static String chainName(String family) {
        return family.equals("netdev") ? DR_CHAIN : NAT_CHAIN;
    }

    private static Map<String, Object> chain(String family, NftOptions o) {
        Map<String, Object> c = obj("family", family, "table", o.table(), "name", chainName(family));
        if (family.equals("netdev") && o.drInput() == null) {
            // only to flush the DR chain an earlier run left (vigil_datapath restarted without DR): no hook spec
            return c;
        }
        if (family.equals("netdev")) {
            c.putAll(obj("type", "filter", "hook", "ingress", "dev", o.drInput(), "prio", DR_PRIORITY,
                    "policy", "accept"));
        } else {
            c.putAll(obj("type", "nat", "hook", "prerouting", "prio", NAT_PRIORITY, "policy", "accept"));
        }
        return c;
    }

    /** The rule's comment names its service: {@code vigil TCP 192.0.2.1:80}. */
    static String comment(VirtualService s) {
        return COMMENT_PREFIX + s.key();
    }

    /** What selects the service's packets: destination address and port, or the mark (and, in netdev, the family). */
    private static List<Object> selector(VirtualService s) {
        ServiceKey k = s.key();
        String ipProto = nfFamily(k.family());
        List<Object> expr = new ArrayList<>();
        if (isDr(s)) {
            // ingress sees every frame the device gets, also those for other hosts (a flooded frame, a veth): only
            // frames addressed to this director are its to forward, or a backup would forward the master's traffic
            expr.add(match(obj("meta", obj("key", "pkttype")), "host"));
        }
        if (k.isFwmark()) {
            if (isDr(s)) {
                // netdev sees every ethertype: the mark's packets of this family only (meta nfproto is inet-only)
                expr.add(match(obj("meta", obj("key", "protocol")), ipProto));
            }
            expr.add(match(obj("meta", obj("key", "mark")), Integer.toUnsignedLong(k.fwmark())));
        } else {
            expr.add(match(payload(ipProto, "daddr"), InetAddresses.toText(k.address())));
            expr.add(match(payload(l4(k), "dport"), k.port()));
        }
        return expr;
    }

    /**
     * For a DR service with real servers among this director's own addresses: the rule that lets the packets those
     * servers are chosen for up the local stack (accept), before the forwarding rule, with the same hash and ranges;
     * {@code null} when no usable real server is local.
     */
    private static List<Object> localExpressions(VirtualService s, NftOptions o) {
        List<RealServer> usable = s.realServers().stream().filter(r -> r.weight() > 0).toList();
        if (usable.stream().noneMatch(r -> o.localAddresses().contains(r.address()))) {
            return null;
        }
        List<Object> expr = selector(s);
        RealServer best = single(s, usable);
        if (best != null) {
            if (!o.localAddresses().contains(best.address())) {
                return null;
            }
            expr.add(obj("accept", null));
            return expr;
        }
        List<Object> elements = new ArrayList<>();
        long at = 0;
        for (RealServer r : usable) {
            long end = at + r.weight() - 1;
            if (o.localAddresses().contains(r.address())) {
                elements.add(arr(at == end ? (Object) at : obj("range", arr(at, end)), obj("accept", null)));
            }
            at = end + 1;
        }
        expr.add(obj("vmap", obj("key", scheduleKey(s, at, true), "data", obj("set", elements))));
        return expr;
    }

    private static List<Object> expressions(VirtualService s, NftOptions o) {
        ServiceKey k = s.key();
        String ipProto = nfFamily(k.family());
        List<Object> expr = selector(s);
        List<RealServer> usable = s.realServers().stream().filter(r -> r.weight() > 0).toList();
        if (usable.isEmpty()) {
            expr.add(obj("drop", null));
            return expr;
        }
        boolean dr = isDr(s);
        boolean withPort = !dr && !k.isFwmark();
        Object target;
        RealServer only = single(s, usable);
        if (only != null && withPort) {
            // a lone address . port is no map key to infer types from: the dnat statement's own port
            expr.add(obj("dnat", obj("family", ipProto, "addr", InetAddresses.toText(only.address()), "port",
                    only.port() == 0 ? k.port() : only.port())));
            return expr;
        }
        if (only != null) {
            target = data(only, k, false);
        } else {
            List<Object> elements = new ArrayList<>();
            long at = 0;
            for (RealServer r : usable) {
                long end = at + r.weight() - 1;
                elements.add(arr(at == end ? (Object) at : obj("range", arr(at, end)), data(r, k, withPort)));
                at = end + 1;
            }
            target = obj("map", obj("key", scheduleKey(s, at, dr), "data", obj("set", elements)));
        }
        if (dr) {
            expr.add(obj("fwd", obj("dev", o.drOutput(), "family", ipProto, "addr", target)));
        } else {
            Map<String, Object> dnat = obj("family", ipProto, "addr", target);
            expr.add(obj("dnat", dnat));
        }
        return expr;
    }

    /** The one server a service without a choice sends to (fo: the heaviest; or the only usable one), or null. */
    private static RealServer single(VirtualService s, List<RealServer> usable) {
        if (s.scheduler().equals("fo") || usable.size() == 1) {
            return usable.stream().max((a, b) -> Integer.compare(a.weight(), b.weight())).orElseThrow();
        }
        return null;
    }

    private static Object data(RealServer r, ServiceKey k, boolean withPort) {
        String addr = InetAddresses.toText(r.address());
        return withPort ? obj("concat", arr(addr, r.port() == 0 ? k.port() : r.port())) : addr;
    }

    /** numgen for rr/wrr NAT; jhash of the flow (DR), of the source (sh, mh), or of the destination (dh). */
    private static Object scheduleKey(VirtualService s, long total, boolean dr) {
        ServiceKey k = s.key();
        String ip = nfFamily(k.family());
        boolean rr = s.scheduler().equals("rr") || s.scheduler().equals("wrr");
        if (rr && !dr) {
            return obj("numgen", obj("mode", "inc", "mod", total, "offset", 0));
        }
        List<Object> fields = new ArrayList<>();
        if (s.scheduler().equals("dh")) {
            fields.add(payload(ip, "daddr"));
        } else {
            fields.add(payload(ip, "saddr"));
            if (rr || s.schedulerFlags().contains(SchedulerFlag.PORT)) {
                // a fwmark service has no protocol: th (the transport header) holds the source port of TCP, UDP, SCTP
                fields.add(payload(k.isFwmark() ? "th" : l4(k), "sport"));
            }
        }
        Object hashed = fields.size() == 1 ? fields.get(0) : obj("concat", fields);
        return obj("jhash", obj("mod", total, "seed", seed(k), "expr", hashed));
    }

    /** A seed fixed per service, so a new transaction hashes flows as the previous one did. */
    static long seed(ServiceKey k) {
        return Integer.toUnsignedLong(Objects.hash(k.toString()) * 0x9e3779b1);
    }

    private static String l4(ServiceKey k) {
        return k.protocol().name().toLowerCase();
    }

    private static Map<String, Object> payload(String protocol, String field) {
        return obj("payload", obj("protocol", protocol, "field", field));
    }

    private static Map<String, Object> match(Object left, Object right) {
        return obj("match", obj("op", "==", "left", left, "right", right));
    }
}
