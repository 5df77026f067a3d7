package io.vigil.kernel.nft;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.ConnectionCount;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The connections of the nftables datapath, counted from the kernel's connection tracking table (the text of
 * {@code /proc/net/nf_conntrack}, one entry per line): an entry belongs to a NAT service when its original
 * destination is the service's address and port (or its mark is the service's fwmark), and to the real server its
 * reply comes from. TCP entries in ESTABLISHED are active, every other entry inactive (as IPVS counts them: no UDP
 * flow is active). DR services are forwarded before connection tracking and have no entries. Pure.
 */
final class Conntrack {

    private Conntrack() {
    }

    /** One entry: protocol, TCP state (or empty), original destination, reply source, mark. */
    record Entry(String protocol, String state, InetAddress origDst, int origDport, InetAddress replySrc,
                 int replySport, long mark) {
    }

    /** Parses one line, or {@code null} when it is not an entry this class can read. */
    static Entry parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 6) {
            return null;
        }
        String protocol = f[2].toLowerCase(Locale.ROOT);
        String state = protocol.equals("tcp") ? f[5] : "";
        List<String> src = new ArrayList<>(2);
        List<String> dst = new ArrayList<>(2);
        List<String> sport = new ArrayList<>(2);
        List<String> dport = new ArrayList<>(2);
        long mark = 0;
        for (String t : f) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = t.substring(0, eq);
            String v = t.substring(eq + 1);
            switch (k) {
                case "src" -> src.add(v);
                case "dst" -> dst.add(v);
                case "sport" -> sport.add(v);
                case "dport" -> dport.add(v);
                case "mark" -> mark = parseLong(v);
                default -> {
                    // zone, use, secctx...
                }
            }
        }
        if (src.size() < 2 || dst.size() < 2) {
            return null;
        }
        try {
            return new Entry(protocol, state, InetAddresses.parse(dst.get(0)), port(dport, 0),
                    InetAddresses.parse(src.get(1)), port(sport, 1), mark);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int port(List<String> ports, int i) {
        return ports.size() > i ? (int) parseLong(ports.get(i)) : 0;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The connections of every real server of the NAT services of {@code state}, zeros included. */
    static List<ConnectionCount> count(List<String> lines, DatapathState state) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, ConnectionCount> keys = new LinkedHashMap<>();
        for (VirtualService s : state.services()) {
            if (NftRuleset.isDr(s)) {
                continue;
            }
            for (RealServer r : s.realServers()) {
                String id = id(s.key(), r.address(), r.port());
                counts.put(id, new long[2]);
                keys.put(id, new ConnectionCount(s.key(), r.address(), r.port(), 0, 0, 0));
            }
        }
        if (counts.isEmpty()) {
            return List.of();
        }
        for (String line : lines) {
            Entry e = parse(line);
            if (e == null) {
                continue;
            }
            for (VirtualService s : state.services()) {
                if (NftRuleset.isDr(s) || !matches(s.key(), e)) {
                    continue;
                }
                for (RealServer r : s.realServers()) {
                    if (r.address().equals(e.replySrc()) && (r.port() == 0 || r.port() == e.replySport())) {
                        long[] c = counts.get(id(s.key(), r.address(), r.port()));
                        c[e.state().equals("ESTABLISHED") ? 0 : 1]++;
                    }
                }
            }
        }
        List<ConnectionCount> out = new ArrayList<>(counts.size());
        for (Map.Entry<String, long[]> c : counts.entrySet()) {
            ConnectionCount k = keys.get(c.getKey());
            out.add(new ConnectionCount(k.service(), k.address(), k.port(), c.getValue()[0], c.getValue()[1], 0));
        }
        return out;
    }

    private static boolean matches(ServiceKey k, Entry e) {
        if (k.isFwmark()) {
            return e.mark() == Integer.toUnsignedLong(k.fwmark());
        }
        return k.protocol().name().toLowerCase(Locale.ROOT).equals(e.protocol()) && k.address().equals(e.origDst())
                && k.port() == e.origDport();
    }

    private static String id(ServiceKey k, InetAddress a, int port) {
        return k + " " + ServiceKey.endpoint(a, port);
    }
}
