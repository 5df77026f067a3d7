package io.vigil.core.port;

import java.util.List;

/**
 * Where the fwmark rule manager puts its {@link MarkRule}s: a table of its own beside the datapath's (nftables), so
 * that neither one's changes touch the other's rules. {@link #apply} makes the kernel hold exactly the given rules
 * in one atomic transaction: a peer director replaced by another machine changes its rule at once, with no moment
 * where the service's packets are marked wrongly or not at all.
 *
 * <p>Implementations are not thread-safe: call them from one loop.
 */
public interface PacketMarks extends AutoCloseable {

    /**
     * Makes the kernel's mark rules exactly {@code rules}. With {@link Datapath.Read#CACHED} nothing is sent when the
     * rules are those last applied; with {@link Datapath.Read#KERNEL} the kernel's rules are read first and any
     * difference from what was applied (drift: a rule changed, removed or added by someone else) is reported and
     * repaired.
     *
     * @return the drift found, one line each (empty with {@link Datapath.Read#CACHED})
     * @throws KernelException when the transaction was refused (then nothing changed)
     */
    List<String> apply(List<MarkRule> rules, Datapath.Read read) throws KernelException;

    /** Removes every rule and the chains that held them (one transaction). */
    void clear() throws KernelException;

    @Override
    void close();
}
