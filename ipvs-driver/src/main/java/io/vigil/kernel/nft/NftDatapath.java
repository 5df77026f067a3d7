package io.vigil.kernel.nft;

import io.vigil.core.port.ApplyResult;
import io.vigil.core.port.ApplyResult.Failure;
import io.vigil.core.port.ApplyResult.Kind;
import io.vigil.core.port.ConnectionCount;
import io.vigil.core.port.Datapath;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.nativ.Nftables;
import io.vigil.kernel.reconcile.Reconciler;
import io.vigil.kernel.reconcile.TableOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Datapath} over nftables, for kernels without IPVS: NAT (dnat) and DR (netdev ingress, fwd) with the
 * rules of {@link NftRuleset}, each change one libnftables JSON transaction (all of vigil's load-balancer chains
 * replaced in one commit). Services it cannot run (see {@link #limitations}) are reported as failures of the
 * apply and left out; the others are applied.
 *
 * <p><b>Drift.</b> After each transaction the datapath lists its chains and keeps, per service, the rule as the
 * kernel holds it. A {@link Read#KERNEL} apply lists them again: a rule changed, missing or added by someone else
 * is drift, logged, counted and repaired by a new transaction. Only vigil's own chains are read and written.
 *
 * <p>Not thread-safe: one engine loop calls it.
 */
public final class NftDatapath implements Datapath {

    private static final Logger LOG = LoggerFactory.getLogger(NftDatapath.class);

    /** The connection tracking table of the calling thread's network namespace. */
    private static final Path CONNTRACK = Path.of("/proc/thread-self/net/nf_conntrack");

    private final Nftables nft;
    private final NftOptions options;
    /** The namespace file the datapath works in, or {@code null} for the caller's namespace. */
    private final Path namespace;
    private final Set<String> families = new LinkedHashSet<>();
    private DatapathState expected = DatapathState.EMPTY;
    private Map<String, String> snapshot = Map.of();
    private long driftCount;
    private long transactions;
    /** Rules of an earlier run were taken over: the next apply replaces them even when it plans nothing. */
    private boolean leftovers;

    public NftDatapath(Nftables nft, NftOptions options) {
        this(nft, options, null);
    }

    private NftDatapath(Nftables nft, NftOptions options, Path namespace) {
        this.nft = nft;
        this.options = options;
        this.namespace = namespace;
    }

    /** Opens libnftables for the calling thread's network namespace. */
    public static NftDatapath open(NftOptions options) throws KernelException {
        return new NftDatapath(Nftables.open(), options, null);
    }

    /** Opens libnftables for the network namespace of a namespace file. */
    public static NftDatapath open(NftOptions options, Path namespaceFile) throws KernelException {
        return new NftDatapath(Nftables.open(namespaceFile), options, namespaceFile);
    }

    @Override
    public String kind() {
        return "nftables";
    }

    public long driftCount() {
        return driftCount;
    }

    /** Transactions committed so far. */
    public long transactions() {
        return transactions;
    }

    @Override
    public ApplyResult apply(DatapathState desired, Read read) throws KernelException {
        List<VirtualService> runnable = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (VirtualService s : desired.services()) {
            String why = NftRuleset.unsupported(s, options);
            if (why == null) {
                runnable.add(s);
            } else {
                failures.add(new Failure(new ApplyResult.Change(Kind.ADD_SERVICE, s.key().toString()), 0, why));
            }
        }
        DatapathState want = new DatapathState(runnable);
        List<String> drift = List.of();
        DatapathState intact = expected;
        if (read == Read.KERNEL && !families.isEmpty()) {
            Map<String, String> now = rules();
            drift = NftChains.compare(snapshot, now);
            if (!drift.isEmpty()) {
                driftCount += drift.size();
                drift.forEach(d -> LOG.warn("nftables drift: {}", d));
                intact = intactPart(now);
            }
        }
        List<TableOp> plan = Reconciler.plan(want, intact, k -> true);
        Set<String> needed = NftRuleset.families(want);
        if (plan.isEmpty() && drift.isEmpty() && families.containsAll(needed) && !leftovers) {
            return new ApplyResult(List.of(), List.of(), failures);
        }
        Set<String> touched = new LinkedHashSet<>(families);
        touched.addAll(needed);
        nft.run("apply " + want.services().size() + " services", NftRuleset.transaction(want, touched, options));
        transactions++;
        leftovers = false;
        families.addAll(needed);
        expected = want;
        snapshot = rules();
        return new ApplyResult(plan.stream().map(TableOp::change).toList(), drift, failures);
    }

    /** The applied services whose rules the kernel still holds unchanged. */
    @Override
    public DatapathState read() throws KernelException {
        return families.isEmpty() ? DatapathState.EMPTY : intactPart(rules());
    }

    @Override
    public List<String> limitations(DatapathState desired) {
        return NftRuleset.limitations(desired, options);
    }

    /**
     * The connections of the NAT services, from connection tracking ({@link Conntrack}); DR services are forwarded
     * before connection tracking and count none. Empty when the kernel has no connection tracking table.
     */
    @Override
    public List<ConnectionCount> connections() throws KernelException {
        if (expected.services().isEmpty()) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = namespace == null ? readConntrack() : NetNamespace.call(namespace, NftDatapath::readConntrack);
        } catch (IOException e) {
            throw new KernelException("read " + CONNTRACK, e.getMessage());
        }
        return Conntrack.count(lines, expected);
    }

    @Override
    public String uncountedBecause(ServiceKey key) {
        VirtualService s = expected.byKey().get(key);
        if (s != null && !s.realServers().isEmpty() && s.realServers().get(0).forwarding() == Forwarding.DR) {
            return "the nftables datapath forwards DR services before connection tracking and cannot count their"
                    + " connections";
        }
        if (!Files.exists(CONNTRACK) && namespace == null) {
            return "the kernel has no connection tracking table (" + CONNTRACK + ")";
        }
        return null;
    }

    private static List<String> readConntrack() throws IOException {
        return Files.exists(CONNTRACK) ? Files.readAllLines(CONNTRACK) : List.of();
    }

    /**
     * vigil's chains are vigil's: whatever rules an earlier run left in them are taken over (not counted as
     * drift), and the next apply replaces them in one transaction, so traffic keeps flowing through the restart.
     */
    @Override
    public List<String> adoptLeftovers(Set<ServiceKey> previous) throws KernelException {
        List<String> found = new ArrayList<>();
        for (String family : List.of("ip", "ip6", "netdev")) {
            try {
                long rules = NftChains.rules(nft, family, options.table(), NftRuleset.chainName(family), "")
                        .size();
                families.add(family);
                found.add("chain " + family + " " + options.table() + " " + NftRuleset.chainName(family) + " with "
                        + rules + " rule(s)");
            } catch (KernelException e) {
                // no such chain: nothing left there
            }
        }
        if (!families.isEmpty()) {
            snapshot = rules();
            leftovers = true;
        }
        return found;
    }

    private DatapathState intactPart(Map<String, String> now) {
        List<VirtualService> out = new ArrayList<>();
        for (VirtualService s : expected.services()) {
            String c = NftRuleset.comment(s);
            if (snapshot.containsKey(c) && snapshot.get(c).equals(now.get(c))) {
                out.add(s);
            }
        }
        return new DatapathState(out);
    }

    /** The rules of vigil's chains: comment (or a placeholder for a rule without one) to its expressions. */
    private Map<String, String> rules() throws KernelException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String family : families) {
            String chain = NftRuleset.chainName(family);
            try {
                out.putAll(NftChains.rules(nft, family, options.table(), chain, NftRuleset.COMMENT_PREFIX));
            } catch (KernelException e) {
                out.put("(chain " + family + " " + options.table() + " " + chain + ")", NftChains.MISSING);
            }
        }
        return out;
    }

    @Override
    public void close() {
        nft.close();
    }
}
