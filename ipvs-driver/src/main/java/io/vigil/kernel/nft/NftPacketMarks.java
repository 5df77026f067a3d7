package io.vigil.kernel.nft;

import static io.vigil.kernel.nft.Json.arr;
import static io.vigil.kernel.nft.Json.obj;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.Datapath;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.MarkRule;
import io.vigil.core.port.PacketMarks;
import io.vigil.core.port.ServiceKey;
import io.vigil.kernel.nativ.Nftables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fwmark rule manager's rules in nftables ({@link PacketMarks}), beside the datapath's chains in vigil's tables
 * and never touching them:
 *
 * <pre>
 * PREROUTING (IPVS, and nftables NAT):
 *   table ip|ip6 vigil  chain marks    { type filter hook prerouting priority mangle (-150); policy accept }
 * INGRESS (the nftables datapath's DR, which forwards from the ingress hook, before prerouting):
 *   table netdev vigil  chain marks_IF { type filter hook ingress device IF priority -150; policy accept }
 *
 *   one rule per virtual service:
 *     ether saddr != { PEER MACs } ip daddr VIP tcp dport PORT meta mark set MARK   comment "vigil mark TCP VIP:PORT"
 * </pre>
 *
 * IPVS looks the mark up at LOCAL_IN and nftables NAT at dstnat (-100), both after prerouting's mangle; the DR
 * chain {@code lb_dr} runs at ingress priority 0, after {@code marks_IF}. A mark set at ingress stays on the packet,
 * so the INGRESS layout serves every datapath for packets arriving on the named interfaces.
 *
 * <p>Each {@link #apply} is one libnftables transaction: every chain of the manager created if needed, flushed and
 * refilled, chains no longer used deleted, all in one commit. The first apply also removes mark chains a crashed run
 * left behind.
 *
 * <p>Not thread-safe: one loop calls it.
 */
public final class NftPacketMarks implements PacketMarks {

    /** Where the marks are set. */
    public enum Hook {
        /** {@code table ip|ip6 vigil chain marks}, prerouting at mangle priority: every interface. */
        PREROUTING,
        /**
         * {@code table netdev vigil chain marks_IF} per input interface, ingress at -150; a rule without an input
         * interface goes to prerouting.
         */
        INGRESS
    }

    /** The prerouting chain's name; an ingress chain is this, an underscore and the interface. */
    public static final String CHAIN = "marks";
    /** Before the mangle-priority readers of marks and before lb_dr (0) at ingress. */
    public static final int PRIORITY = -150;
    static final String COMMENT_PREFIX = "vigil mark ";

    /** One chain of the manager. */
    record Chain(String family, String name, String device) {
    }

    private final Nftables nft;
    private final String table;
    private final Hook hook;
    private Set<Chain> chains;
    private List<MarkRule> applied;
    private Map<String, String> snapshot = Map.of();
    private long transactions;

    public NftPacketMarks(Nftables nft, String table, Hook hook) {
        this.nft = Objects.requireNonNull(nft, "nft");
        this.table = Objects.requireNonNull(table, "table");
        this.hook = Objects.requireNonNull(hook, "hook");
    }

    /** Opens libnftables for the calling thread's network namespace. */
    public static NftPacketMarks open(String table, Hook hook) throws KernelException {
        return new NftPacketMarks(Nftables.open(), table, hook);
    }

    /** Opens libnftables for the network namespace of a namespace file. */
    public static NftPacketMarks open(String table, Hook hook, Path namespaceFile) throws KernelException {
        return new NftPacketMarks(Nftables.open(namespaceFile), table, hook);
    }

    /** Transactions committed so far. */
    public long transactions() {
        return transactions;
    }

    @Override
    public List<String> apply(List<MarkRule> rules, Datapath.Read read) throws KernelException {
        List<String> drift = List.of();
        if (chains == null) {
            chains = leftovers();
        } else if (read == Datapath.Read.KERNEL) {
            drift = NftChains.compare(snapshot, listing(chains));
        }
        if (rules.equals(applied) && drift.isEmpty()) {
            return drift;
        }
        Map<Chain, List<MarkRule>> byChain = new LinkedHashMap<>();
        for (MarkRule r : rules) {
            byChain.computeIfAbsent(chainOf(hook, r), k -> new ArrayList<>()).add(r);
        }
        List<Object> cmds = new ArrayList<>();
        for (Chain c : byChain.keySet()) {
            cmds.add(obj("add", obj("table", obj("family", c.family(), "name", table))));
            cmds.add(obj("add", obj("chain", chainSpec(c))));
            cmds.add(obj("flush", obj("chain", chainId(c))));
        }
        for (Chain c : chains) {
            // by family and name: a chain read back from the kernel may not name its device as it was created
            if (byChain.keySet().stream().noneMatch(w -> w.family().equals(c.family()) && w.name().equals(c.name()))) {
                cmds.add(obj("delete", obj("chain", chainId(c))));
            }
        }
        for (Map.Entry<Chain, List<MarkRule>> e : byChain.entrySet()) {
            for (MarkRule r : e.getValue()) {
                Map<String, Object> rule = chainId(e.getKey());
                rule.put("chain", rule.remove("name"));
                rule.put("comment", comment(r.service()));
                rule.put("expr", expressions(r, e.getKey().family()));
                cmds.add(obj("add", obj("rule", rule)));
            }
        }
        if (!cmds.isEmpty()) {
            nft.run("apply " + rules.size() + " mark rules", Json.write(obj("nftables", cmds)));
            transactions++;
        }
        chains = new LinkedHashSet<>(byChain.keySet());
        applied = List.copyOf(rules);
        snapshot = listing(chains);
        return drift;
    }

    @Override
    public void clear() throws KernelException {
        Set<Chain> all = chains == null ? leftovers() : chains;
        if (!all.isEmpty()) {
            List<Object> cmds = new ArrayList<>();
            for (Chain c : all) {
                cmds.add(obj("delete", obj("chain", chainId(c))));
            }
            nft.run("remove the mark rules", Json.write(obj("nftables", cmds)));
            transactions++;
        }
        chains = new LinkedHashSet<>();
        applied = List.of();
        snapshot = Map.of();
    }

    @Override
    public void close() {
        nft.close();
    }

    /** The chain a rule goes to. */
    static Chain chainOf(Hook hook, MarkRule r) {
        if (hook == Hook.INGRESS && r.inputInterface() != null) {
            return new Chain("netdev", CHAIN + "_" + r.inputInterface().replaceAll("[^A-Za-z0-9_]", "_"),
                    r.inputInterface());
        }
        return new Chain(family(r.service().family()), CHAIN, null);
    }

    private static String family(AddressFamily f) {
        return f == AddressFamily.INET ? "ip" : "ip6";
    }

    private Map<String, Object> chainId(Chain c) {
        return obj("family", c.family(), "table", table, "name", c.name());
    }

    private Map<String, Object> chainSpec(Chain c) {
        Map<String, Object> m = chainId(c);
        if (c.device() != null) {
            m.putAll(obj("type", "filter", "hook", "ingress", "dev", c.device(), "prio", PRIORITY, "policy", "accept"));
        } else {
            m.putAll(obj("type", "filter", "hook", "prerouting", "prio", PRIORITY, "policy", "accept"));
        }
        return m;
    }

    static String comment(ServiceKey service) {
        return COMMENT_PREFIX + service;
    }

    /** {@code ether saddr != {peers}} {@code ip daddr VIP} {@code tcp dport PORT} {@code meta mark set MARK}. */
    static List<Object> expressions(MarkRule r, String chainFamily) {
        ServiceKey k = r.service();
        List<Object> expr = new ArrayList<>();
        List<MacAddress> peers = r.notFrom();
        if (!peers.isEmpty()) {
            Object right = peers.size() == 1 ? peers.get(0).toString()
                    : obj("set", new ArrayList<>(peers.stream().map(MacAddress::toString).toList()));
            expr.add(obj("match", obj("op", "!=", "left", payload("ether", "saddr"), "right", right)));
        }
        expr.add(obj("match", obj("op", "==", "left", payload(family(k.family()), "daddr"),
                "right", InetAddresses.toText(k.address()))));
        String l4 = k.protocol().name().toLowerCase(java.util.Locale.ROOT);
        if (k.port() == 0) {
            expr.add(obj("match", obj("op", "==", "left", obj("meta", obj("key", "l4proto")), "right", l4)));
        } else {
            expr.add(obj("match", obj("op", "==", "left", payload(l4, "dport"), "right", k.port())));
        }
        expr.add(obj("mangle", obj("key", obj("meta", obj("key", "mark")), "value",
                Integer.toUnsignedLong(r.mark()))));
        return expr;
    }

    private static Map<String, Object> payload(String protocol, String field) {
        return obj("payload", obj("protocol", protocol, "field", field));
    }

    /** The rules of these chains as the kernel holds them (a missing chain reads as such). */
    private Map<String, String> listing(Set<Chain> of) throws KernelException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Chain c : of) {
            try {
                for (Map.Entry<String, String> e : NftChains.rules(nft, c.family(), table, c.name(), COMMENT_PREFIX)
                        .entrySet()) {
                    out.put(c.name() + ": " + e.getKey(), e.getValue());
                }
            } catch (KernelException e) {
                out.put("(chain " + c.family() + " " + table + " " + c.name() + ")", NftChains.MISSING);
            }
        }
        return out;
    }

    /** The manager's chains already in vigil's tables: those of a previous run, removed or refilled by the first apply. */
    private Set<Chain> leftovers() throws KernelException {
        Set<Chain> out = new LinkedHashSet<>();
        for (String family : List.of("ip", "ip6", "netdev")) {
            String listing;
            try {
                listing = nft.run("list table " + family + " " + table, Json.write(obj("nftables",
                        arr(obj("list", obj("table", obj("family", family, "name", table)))))));
            } catch (KernelException e) {
                continue; // no such table
            }
            for (Object item : NftChains.items(listing)) {
                if (item instanceof Map<?, ?> m && m.get("chain") instanceof Map<?, ?> chain
                        && chain.get("name") instanceof String name
                        && (name.equals(CHAIN) || name.startsWith(CHAIN + "_"))) {
                    Object dev = chain.get("dev");
                    out.add(new Chain(family, name, family.equals("netdev") && dev instanceof String d ? d : null));
                }
            }
        }
        return out;
    }
}
