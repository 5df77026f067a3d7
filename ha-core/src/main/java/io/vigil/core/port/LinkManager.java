package io.vigil.core.port;

import io.vigil.core.net.MacAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Network interfaces over rtnetlink: lookup, change notifications, and the macvlan of {@code use_vmac}. */
public interface LinkManager {

    Optional<Link> link(String name) throws KernelException;

    Optional<Link> link(int index) throws KernelException;

    List<Link> links() throws KernelException;

    /**
     * Starts delivering link and address changes (RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR) to the
     * listener, from a thread of the implementation's; closing the handle stops it.
     */
    AutoCloseable watch(Consumer<LinkEvent> listener) throws KernelException;

    /**
     * Creates a macvlan on {@code parent} (mode bridge, so the parent still receives the peers' adverts) with the
     * given MAC, and sets it up. An existing link of that name with that parent and MAC is reused.
     */
    Link createMacvlan(String parent, String name, MacAddress mac) throws KernelException;

    /** Deletes a link; an absent one is not an error. */
    void deleteLink(String name) throws KernelException;

    /** Something changed about a link or an address. */
    sealed interface LinkEvent permits LinkChanged, LinkRemoved, AddressAdded, AddressRemoved {
    }

    record LinkChanged(Link link) implements LinkEvent {
    }

    record LinkRemoved(int index, String name) implements LinkEvent {
    }

    record AddressAdded(InterfaceAddress address) implements LinkEvent {
    }

    record AddressRemoved(InterfaceAddress address) implements LinkEvent {
    }
}
