package io.vigil.core.port;

import java.util.List;
import java.util.Set;

/**
 * The forwarding plane of the director: IPVS (generic netlink) or nftables (libnftables). The engine computes the
 * desired table on every VRRP transition and health change and hands it to {@link #apply}; the datapath sends
 * only the difference, so calling it again with the same state does nothing, and a change of one weight costs one
 * kernel operation.
 *
 * <p><b>Ownership.</b> A datapath touches only the services it owns: those in the desired state and those it
 * applied before; services of other owners (an operator's ipvsadm, another daemon) are left alone unless the
 * implementation was configured to own the whole table.
 *
 * <p><b>Drift.</b> {@link #apply(DatapathState, Read)} with {@link Read#KERNEL} reads the kernel's table first,
 * reports every difference from what this datapath had left there (someone changed it behind vigil's back) and
 * repairs it. With {@link Read#CACHED} it trusts what it last read or applied, and reads the kernel only when a
 * change is refused in a way that shows the table moved. The engine calls the cached form on events and the kernel
 * form on a timer.
 *
 * <p>Implementations are not thread-safe: call them from the engine's loop.
 */
public interface Datapath extends AutoCloseable {

    /** Where {@link #apply} takes the kernel's current table from. */
    enum Read {
        /** What this datapath last read or applied (the cheap default). */
        CACHED,
        /** A fresh read of the kernel's table: finds and repairs drift. */
        KERNEL
    }

    /** {@code ipvs} or {@code nftables}. */
    String kind();

    /**
     * Makes the kernel's table match {@code desired} for the services this datapath owns.
     *
     * @return the changes made, the drift found, the changes refused
     * @throws KernelException when the kernel could not be reached at all (nothing is known to be applied)
     */
    ApplyResult apply(DatapathState desired, Read read) throws KernelException;

    /** {@link #apply(DatapathState, Read)} with {@link Read#CACHED}. */
    default ApplyResult apply(DatapathState desired) throws KernelException {
        return apply(desired, Read.CACHED);
    }

    /** The services this datapath owns, as the kernel holds them now. */
    DatapathState read() throws KernelException;

    /**
     * What this datapath cannot do of {@code desired}, one sentence each (empty when it can do all of it): e.g. a
     * scheduler or a forwarding method it does not have. {@code vigil check} prints them.
     */
    List<String> limitations(DatapathState desired);

    /**
     * The connections of each real server of the services this datapath owns, as the kernel counts them now. A
     * datapath that cannot count them returns an empty list.
     */
    default List<ConnectionCount> connections() throws KernelException {
        return List.of();
    }

    /**
     * Why {@link #connections()} cannot count the connections of the service {@code key} (e.g. it is forwarded
     * before connection tracking), or {@code null} when it counts them.
     */
    default String uncountedBecause(ServiceKey key) {
        return null;
    }

    /**
     * Start-up after an unclean stop: takes ownership of what an earlier run of vigil left in the kernel, so that
     * the next {@link #apply} removes what is no longer desired and keeps (without a gap in service) what still
     * is. {@code previous} names the services that run owned, for a datapath whose kernel table carries no owner
     * (IPVS); one whose rules are vigil's by construction (nftables chains) finds them itself.
     *
     * @return what was found, one line each (for the log)
     */
    default List<String> adoptLeftovers(Set<ServiceKey> previous) throws KernelException {
        return List.of();
    }

    @Override
    void close();
}
