package io.vigil.core.port;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

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

    /**
     * Prepares the path of {@link #add} / {@link #remove} for these addresses (encodes the requests), changes
     * nothing: the first takeover then does not pay for loading the code.
     */
    default void rehearse(List<InterfaceAddress> addresses) throws KernelException {
    }

    /** Every address of the interface ({@code ifindex}), or of all interfaces when {@code ifindex} is 0. */
    List<InterfaceAddress> list(int ifindex) throws KernelException;

    /**
     * The interface's primary IPv4 address: the source of its IPv4 VRRP adverts. The default takes the first
     * IPv4 address {@link #list} reports (the kernel lists primaries before secondaries); implementations that
     * see the kernel's flags skip secondaries explicitly.
     */
    default Optional<InetAddress> primaryIpv4(int ifindex) throws KernelException {
        return list(ifindex).stream().map(InterfaceAddress::address)
                .filter(a -> AddressFamily.of(a) == AddressFamily.INET).findFirst();
    }

    /**
     * The interface's IPv6 link-local address (fe80::/10): the source of its IPv6 VRRP adverts (RFC 5798 §5.1.2.1).
     * Implementations that see the kernel's flags skip addresses still tentative or whose DAD failed.
     */
    default Optional<InetAddress> ipv6LinkLocal(int ifindex) throws KernelException {
        return list(ifindex).stream().map(InterfaceAddress::address).filter(InetAddresses::isLinkLocal).findFirst();
    }
}
