package io.vigil.core.port;

import java.util.List;

/**
 * Interface addresses over rtnetlink (RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR). Implementations send a batch in as
 * few kernel round trips as they can: taking over 255 VIPs must not cost 255 sequential round trips.
 */
public interface AddressManager {

    /** What became of one change of a batch. */
    enum Outcome { DONE, ALREADY_PRESENT, ALREADY_ABSENT }

    /**
     * Adds the addresses. An address that is already there is reported, not an error.
     *
     * @return one outcome per address, in order
     * @throws KernelException when the kernel refused a change for another reason (the message names the address)
     */
    List<Outcome> add(List<InterfaceAddress> addresses) throws KernelException;

    /** Removes the addresses; one that is already absent is reported, not an error. */
    List<Outcome> remove(List<InterfaceAddress> addresses) throws KernelException;

    /** Every address of the interface ({@code ifindex}), or of all interfaces when {@code ifindex} is 0. */
    List<InterfaceAddress> list(int ifindex) throws KernelException;
}
