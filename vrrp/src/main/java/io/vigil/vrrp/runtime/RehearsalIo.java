package io.vigil.vrrp.runtime;

import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.IpPrefix;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.AddressManager;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.IpSocket;
import io.vigil.core.port.Link;
import io.vigil.core.port.LinkManager;
import io.vigil.core.port.PacketSocket.ReceivedPacket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link VrrpIo} with no kernel behind it, for the daemon's start-up rehearsal of a takeover: the interfaces
 * the instances name exist and are up, each with a documentation address and a link-local address, and whatever
 * is sent or added goes nowhere.
 */
final class RehearsalIo implements VrrpIo {

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private final InMemoryLinks links = new InMemoryLinks();
    private final List<InterfaceAddress> addresses = new ArrayList<>();

    RehearsalIo(List<VrrpInstanceConfig> instances) {
        for (VrrpInstanceConfig c : instances) {
            add(c.interfaceName());
            for (VirtualAddress v : c.virtualAddresses()) {
                if (v.device() != null) {
                    add(v.device());
                }
            }
        }
    }

    private void add(String name) {
        if (links.contains(name)) {
            return;
        }
        int index = links.size() + 1;
        links.set(new Link(index, name, MAC, true, true, 1500, "rehearsal", 0));
        addresses.add(InterfaceAddress.simple(index, IpPrefix.parse("192.0.2." + index + "/24")));
        addresses.add(InterfaceAddress.simple(index, IpPrefix.parse("fe80::" + index + "/64")));
    }

    @Override
    public AdvertChannel openChannel(String sendInterface, String receiveInterface, AddressFamily family,
                                     List<InetAddress> multicastGroups, Consumer<List<ReceivedPacket>> sink) {
        return new AdvertChannel() {
            @Override
            public void send(List<IpSocket.Datagram> datagrams) {
                // nowhere
            }

            @Override
            public void close() {
                // nothing open
            }
        };
    }

    @Override
    public void sendFrames(String interfaceName, List<byte[]> frames) {
        // nowhere
    }

    @Override
    public AddressManager addresses() {
        return new AddressManager() {
            @Override
            public List<Outcome> add(List<InterfaceAddress> a) {
                return a.stream().map(x -> Outcome.DONE).toList();
            }

            @Override
            public List<Outcome> remove(List<InterfaceAddress> a) {
                return a.stream().map(x -> Outcome.ALREADY_ABSENT).toList();
            }

            @Override
            public List<InterfaceAddress> list(int ifindex) {
                return addresses.stream().filter(x -> x.ifindex() == ifindex).toList();
            }
        };
    }

    @Override
    public LinkManager links() {
        return links;
    }
}
