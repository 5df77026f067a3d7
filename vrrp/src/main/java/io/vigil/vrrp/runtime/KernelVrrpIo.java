package io.vigil.vrrp.runtime;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.AddressManager;
import io.vigil.core.port.IpSocket;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.LinkManager;
import io.vigil.core.port.PacketSocket;
import io.vigil.core.port.PacketSocket.ReceivedPacket;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VrrpIo} on the kernel ports: a raw IP socket to send adverts, a packet socket (and one receive thread)
 * per channel to receive them, and one packet socket per interface for gratuitous ARP / NA frames.
 */
public final class KernelVrrpIo implements VrrpIo, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KernelVrrpIo.class);
    /** IP protocol number of VRRP. */
    public static final int IPPROTO_VRRP = 112;
    /** IPv4 TOS of adverts: network control, as keepalived. */
    public static final int ADVERT_TOS = 0xc0;
    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_IPV6 = 0x86dd;

    private final IpSocket.Factory ipSockets;
    private final PacketSocket.Factory packetSockets;
    private final AddressManager addresses;
    private final LinkManager links;
    private final Map<String, PacketSocket> frameSockets = new ConcurrentHashMap<>();

    public KernelVrrpIo(IpSocket.Factory ipSockets, PacketSocket.Factory packetSockets, AddressManager addresses,
                        LinkManager links) {
        this.ipSockets = ipSockets;
        this.packetSockets = packetSockets;
        this.addresses = addresses;
        this.links = links;
    }

    @Override
    public AdvertChannel openChannel(String sendInterface, String receiveInterface, AddressFamily family,
                                     List<InetAddress> multicastGroups, Consumer<List<ReceivedPacket>> sink)
            throws KernelException {
        IpSocket sender = ipSockets.open(sendInterface, family, IPPROTO_VRRP, 255, ADVERT_TOS);
        PacketSocket receiver;
        try {
            for (InetAddress g : multicastGroups) {
                sender.joinMulticast(g);
            }
            List<MacAddress> macs = new ArrayList<>();
            for (InetAddress g : multicastGroups) {
                macs.add(VrrpIo.multicastMac(g));
            }
            receiver = packetSockets.open(receiveInterface, family == AddressFamily.INET ? ETH_P_IP : ETH_P_IPV6,
                    IPPROTO_VRRP, macs);
        } catch (KernelException | RuntimeException e) {
            sender.close();
            throw e;
        }
        Thread reader = new Thread(() -> pump(receiver, sink), "vrrp-rx-" + receiveInterface + "-"
                + (family == AddressFamily.INET ? "4" : "6"));
        reader.setDaemon(true);
        reader.start();
        return new AdvertChannel() {
            @Override
            public void send(List<IpSocket.Datagram> datagrams) throws KernelException {
                sender.send(datagrams);
            }

            @Override
            public void rehearse(List<IpSocket.Datagram> datagrams) throws KernelException {
                sender.rehearse(datagrams);
            }

            @Override
            public void close() {
                receiver.close();
                sender.close();
                try {
                    reader.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static void pump(PacketSocket socket, Consumer<List<ReceivedPacket>> sink) {
        while (true) {
            List<ReceivedPacket> batch;
            try {
                batch = socket.receive(64);
            } catch (KernelException e) {
                LOG.error("receiving VRRP packets failed; receiver stops: {}", e.getMessage());
                return;
            }
            if (batch.isEmpty()) {
                return;
            }
            sink.accept(batch);
        }
    }

    @Override
    public void prepareFrames(String interfaceName) throws KernelException {
        frameSocket(interfaceName);
    }

    private PacketSocket frameSocket(String interfaceName) throws KernelException {
        PacketSocket s = frameSockets.get(interfaceName);
        if (s == null) {
            // a send-only socket: its receive filter passes only IP protocol 255 (reserved), i.e. nothing
            s = packetSockets.open(interfaceName, ETH_P_IP, 255, List.of());
            frameSockets.put(interfaceName, s);
        }
        return s;
    }

    @Override
    public void rehearseFrames(String interfaceName, List<byte[]> frames) throws KernelException {
        frameSocket(interfaceName).rehearseFrames(frames);
    }

    @Override
    public void sendFrames(String interfaceName, List<byte[]> frames) throws KernelException {
        PacketSocket s = frameSocket(interfaceName);
        try {
            s.sendFrames(frames);
        } catch (KernelException e) {
            // the interface may have been re-created: reopen once
            frameSockets.remove(interfaceName).close();
            throw e;
        }
    }

    @Override
    public Map<String, String> setInterfaceSysctls(String iface, Map<String, String> values) throws KernelException {
        Map<String, String> saved = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Path path = Path.of("/proc/sys/net/ipv4/conf/" + iface + "/" + e.getKey());
            try {
                saved.put(path.toString(), Files.readString(path).trim());
                Files.writeString(path, e.getValue());
            } catch (IOException ex) {
                throw new KernelException("sysctl " + path + "=" + e.getValue(), ex.getMessage());
            }
        }
        return saved;
    }

    @Override
    public Map<String, String> configureVmacSysctls(String vmac, String parent) throws KernelException {
        // the macvlan is vigil's own (deleted at stop): only the parent's values are given back
        setInterfaceSysctls(vmac, orderedMap("arp_ignore", "1", "accept_local", "1", "rp_filter", "0",
                "promote_secondaries", "1"));
        return setInterfaceSysctls(parent, orderedMap("arp_ignore", "1", "arp_filter", "1", "arp_announce", "2"));
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public void restoreSysctls(Map<String, String> saved) {
        for (Map.Entry<String, String> e : saved.entrySet()) {
            try {
                Files.writeString(Path.of(e.getKey()), e.getValue());
            } catch (IOException ex) {
                LOG.warn("could not restore {} to {}: {}", e.getKey(), e.getValue(), ex.getMessage());
            }
        }
    }

    @Override
    public AddressManager addresses() {
        return addresses;
    }

    @Override
    public LinkManager links() {
        return links;
    }

    @Override
    public void close() {
        frameSockets.values().forEach(PacketSocket::close);
        frameSockets.clear();
    }
}
