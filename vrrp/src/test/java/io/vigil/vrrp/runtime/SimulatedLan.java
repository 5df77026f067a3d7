package io.vigil.vrrp.runtime;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InternetChecksum;
import io.vigil.core.net.IpPrefix;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.AddressManager;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.IpSocket;
import io.vigil.core.port.Link;
import io.vigil.core.port.LinkManager;
import io.vigil.core.port.PacketSocket.ReceivedPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An Ethernet segment in memory for runtime tests: hosts with interfaces, addresses and MACs; adverts sent by one
 * host's {@link VrrpIo} arrive, as whole IP packets built as the kernel would (TTL 255), at every other host's
 * channel on the segment; gratuitous ARPs update a client's ARP table. Deterministic: deliveries happen on the
 * caller's thread, into the runtimes' (manual) event loop.
 */
final class SimulatedLan {

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    /** The client's view: IP -> MAC, updated by gratuitous ARP / NA. */
    final Map<InetAddress, MacAddress> clientArp = new HashMap<>();
    final List<byte[]> frames = new ArrayList<>();
    /** The interface each of {@link #frames} was sent on. */
    final List<String> frameInterfaces = new ArrayList<>();
    int addressBatches;

    Host host(String name, int macByte, String... cidrs) {
        Host h = new Host(name, MacAddress.of(new byte[] {0x02, 0, 0, 0, 0, (byte) macByte}));
        for (String c : cidrs) {
            h.addrs.add(InterfaceAddress.simple(1, IpPrefix.parse(c)));
        }
        h.addrs.add(InterfaceAddress.simple(1, IpPrefix.parse("fe80::" + Integer.toHexString(macByte) + "/64")));
        hosts.put(name, h);
        return h;
    }

    /** One director's view of the segment. */
    final class Host implements VrrpIo {
        final String name;
        final MacAddress mac;
        final List<InterfaceAddress> addrs = new ArrayList<>();
        final InMemoryLinks links = new InMemoryLinks();
        final List<Receiver> receivers = new ArrayList<>();
        boolean connected = true;
        long datagramsSent;

        Host(String name, MacAddress mac) {
            this.name = name;
            this.mac = mac;
            links.set(new Link(1, "eth0", mac, true, true, 1500, "veth", 0));
        }

        record Receiver(AddressFamily family, Consumer<List<ReceivedPacket>> sink) {
        }

        /** Unplugs the host (kill -9 seen from the segment: nothing more comes from it). */
        void disconnect() {
            connected = false;
        }

        void connect() {
            connected = true;
        }

        void setLink(String ifname, boolean up) {
            Link l = links.get(ifname);
            links.set(new Link(l.index(), l.name(), l.mac(), up, up, l.mtu(), l.kind(), l.parentIndex()));
        }

        void addLink(String ifname, int index) {
            addLink(ifname, index, mac);
        }

        void addLink(String ifname, int index, MacAddress linkMac) {
            links.set(new Link(index, ifname, linkMac, true, true, 1500, "veth", 0));
        }

        boolean hasAddress(String address) {
            InetAddress a = io.vigil.core.net.InetAddresses.parse(address);
            return addrs.stream().anyMatch(x -> x.address().equals(a));
        }

        @Override
        public AdvertChannel openChannel(String sendInterface, String receiveInterface, AddressFamily family,
                                         List<InetAddress> groups, Consumer<List<ReceivedPacket>> sink) {
            Receiver r = new Receiver(family, sink);
            receivers.add(r);
            return new AdvertChannel() {
                @Override
                public void send(List<IpSocket.Datagram> datagrams) {
                    datagramsSent += datagrams.size();
                    if (!connected) {
                        return;
                    }
                    for (IpSocket.Datagram d : datagrams) {
                        deliver(Host.this, family, d);
                    }
                }

                @Override
                public void close() {
                    receivers.remove(r);
                }
            };
        }

        @Override
        public void sendFrames(String interfaceName, List<byte[]> f) {
            if (!connected) {
                return;
            }
            for (byte[] frame : f) {
                frames.add(frame);
                frameInterfaces.add(interfaceName);
                learn(frame);
            }
        }

        @Override
        public AddressManager addresses() {
            return new AddressManager() {
                @Override
                public List<Outcome> add(List<InterfaceAddress> a) {
                    addressBatches++;
                    List<Outcome> out = new ArrayList<>();
                    for (InterfaceAddress x : a) {
                        boolean present = addrs.stream().anyMatch(y -> y.address().equals(x.address()));
                        if (!present) {
                            addrs.add(x);
                        }
                        out.add(present ? Outcome.ALREADY_PRESENT : Outcome.DONE);
                    }
                    return out;
                }

                @Override
                public List<Outcome> remove(List<InterfaceAddress> a) {
                    addressBatches++;
                    List<Outcome> out = new ArrayList<>();
                    for (InterfaceAddress x : a) {
                        boolean removed = addrs.removeIf(y -> y.address().equals(x.address()));
                        out.add(removed ? Outcome.DONE : Outcome.ALREADY_ABSENT);
                    }
                    return out;
                }

                @Override
                public List<InterfaceAddress> list(int ifindex) {
                    return addrs.stream().filter(x -> ifindex == 0 || x.ifindex() == ifindex).toList();
                }
            };
        }

        @Override
        public LinkManager links() {
            return links;
        }
    }

    /** Delivers a datagram to every other connected host, as the packet a packet socket would see. */
    private void deliver(Host from, AddressFamily family, IpSocket.Datagram d) {
        byte[] packet = ipPacket(family, d.source(), d.destination(), d.payload(), 255);
        for (Host h : hosts.values()) {
            if (h == from || !h.connected) {
                continue;
            }
            for (Host.Receiver r : List.copyOf(h.receivers)) {
                if (r.family() == family) {
                    r.sink().accept(List.of(new ReceivedPacket(1, from.mac, packet)));
                }
            }
        }
    }

    /** Injects a raw IP packet as if a host with {@code mac} had sent it. */
    void inject(String toHost, AddressFamily family, MacAddress mac, byte[] packet) {
        Host h = hosts.get(toHost);
        for (Host.Receiver r : List.copyOf(h.receivers)) {
            if (r.family() == family) {
                r.sink().accept(List.of(new ReceivedPacket(1, mac, packet)));
            }
        }
    }

    /** Builds the IP packet the kernel would put on the wire for a raw-socket send. */
    static byte[] ipPacket(AddressFamily family, InetAddress src, InetAddress dst, byte[] payload, int ttl) {
        if (family == AddressFamily.INET) {
            byte[] p = new byte[20 + payload.length];
            p[0] = 0x45;
            p[1] = (byte) 0xc0;
            p[2] = (byte) (p.length >> 8);
            p[3] = (byte) p.length;
            p[8] = (byte) ttl;
            p[9] = 112;
            System.arraycopy(src.getAddress(), 0, p, 12, 4);
            System.arraycopy(dst.getAddress(), 0, p, 16, 4);
            int c = InternetChecksum.compute(p, 0, 20);
            p[10] = (byte) (c >> 8);
            p[11] = (byte) c;
            System.arraycopy(payload, 0, p, 20, payload.length);
            return p;
        }
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x60;
        p[4] = (byte) (payload.length >> 8);
        p[5] = (byte) payload.length;
        p[6] = 112;
        p[7] = (byte) ttl;
        System.arraycopy(src.getAddress(), 0, p, 8, 16);
        System.arraycopy(dst.getAddress(), 0, p, 24, 16);
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    /** A client on the segment learns from gratuitous ARP (sender IP -> sender MAC). */
    private void learn(byte[] frame) {
        int type = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        if (type == 0x0806) {
            byte[] mac = new byte[6];
            System.arraycopy(frame, 22, mac, 0, 6);
            byte[] ip = new byte[4];
            System.arraycopy(frame, 28, ip, 0, 4);
            clientArp.put(IpPrefix.fromBytes(ip), MacAddress.of(mac));
        } else if (type == 0x86dd) {
            byte[] target = new byte[16];
            System.arraycopy(frame, 14 + 40 + 8, target, 0, 16);
            byte[] mac = new byte[6];
            System.arraycopy(frame, 14 + 40 + 24 + 2, mac, 0, 6);
            clientArp.put(IpPrefix.fromBytes(target), MacAddress.of(mac));
        }
    }

    static boolean isIpv4(InetAddress a) {
        return a instanceof Inet4Address;
    }
}
