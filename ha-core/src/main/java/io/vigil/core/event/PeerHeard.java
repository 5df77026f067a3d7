package io.vigil.core.event;

import io.vigil.core.net.MacAddress;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * A VRRP instance heard an advertisement from another router whose address or MAC differs from the last one it
 * heard: the peer director was first heard, or was replaced (a new machine, a new NIC). The fwmark rule manager
 * needs the peer's MAC: traffic the peer director forwards to this one arrives from that MAC and must not be
 * balanced again. Adverts from an unchanged peer raise no event.
 *
 * @param instance      the instance name
 * @param vrid          its VRID
 * @param interfaceName the interface the advert arrived on
 * @param address       the sender's IP address
 * @param mac           the sender's Ethernet source address
 * @param at            wall-clock time, for humans
 */
public record PeerHeard(String instance, int vrid, String interfaceName, InetAddress address, MacAddress mac,
                        Instant at) {

    public PeerHeard {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(at, "at");
    }
}
