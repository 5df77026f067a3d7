package io.vigil.kernel.nft;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.Nftables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading back vigil's own chains, for drift: a chain's rules by comment, and the differences between two such
 * readings. Shared by the datapath ({@link NftDatapath}) and the fwmark rule manager ({@link NftPacketMarks}).
 */
final class NftChains {

    /** What a missing chain reads as. */
    static final String MISSING = "missing";

    private NftChains() {
    }

    /**
     * The rules of one chain: comment to expressions (JSON text); a rule without a comment starting with
     * {@code prefix} gets a placeholder key, so a rule added by someone else shows up as drift.
     *
     * @throws KernelException when the chain (or its table) does not exist
     */
    static Map<String, String> rules(Nftables nft, String family, String table, String chain, String prefix)
            throws KernelException {
        String listing = nft.run("list " + family + " " + table + " " + chain, Json.write(Json.obj("nftables",
                Json.arr(Json.obj("list", Json.obj("chain", Json.obj("family", family, "table", table, "name",
                        chain)))))));
        Map<String, String> out = new LinkedHashMap<>();
        int foreign = 0;
        for (Object item : items(listing)) {
            if (item instanceof Map<?, ?> m && m.get("rule") instanceof Map<?, ?> rule) {
                Object comment = rule.get("comment");
                String key = comment instanceof String c && c.startsWith(prefix) ? c
                        : "(rule " + (++foreign) + " of others in " + family + " " + chain + ")";
                out.put(key, Json.write(rule.get("expr")));
            }
        }
        return out;
    }

    /** The items of a JSON listing ({@code {"nftables": [...]}}). */
    static List<?> items(String listing) throws KernelException {
        Object parsed = listing.isBlank() ? null : Json.parse(listing);
        if (parsed instanceof Map<?, ?> m && m.get("nftables") instanceof List<?> l) {
            return l;
        }
        throw new KernelException("nftables list", "unexpected output: " + listing.substring(0,
                Math.min(200, listing.length())));
    }

    /** The differences between two readings, one line each: a rule missing, changed or added, a chain missing. */
    static List<String> compare(Map<String, String> before, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : before.entrySet()) {
            String n = now.get(e.getKey());
            if (n == null) {
                out.add(e.getKey() + ": rule missing");
            } else if (!n.equals(e.getValue())) {
                out.add(e.getKey() + ": rule changed");
            }
        }
        for (String k : now.keySet()) {
            if (!before.containsKey(k)) {
                out.add(k + ": " + (now.get(k).equals(MISSING) ? "chain missing" : "rule added"));
            }
        }
        return out;
    }
}
