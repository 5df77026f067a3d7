package io.vigil.kernel.socket;

import static io.vigil.kernel.testing.Timing.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.IpSocket;
import io.vigil.core.port.IpSocket.Datagram;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.PacketSocket;
import io.vigil.core.port.PacketSocket.ReceivedPacket;
import io.vigil.core.netns.NetnsLab;
import io.vigil.kernel.nativ.Interfaces;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.rtnl.RtnlAddressManager;
import io.vigil.kernel.testing.PacketCollector;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Raw IP sockets and packet sockets between two namespaces on one segment: host a (192.0.2.1/24 with the
 * secondary 192.0.2.11, 2001:db8::1/64) sends protocol-112 datagrams; host b (192.0.2.2, 2001:db8::2) receives
 * them on packet sockets.
 */
@Tag("netns")
class SocketsIT {

    private static final int VRRP = 112;
    private static final InetAddress GROUP4 = InetAddresses.parse("224.0.0.18");
    private static final InetAddress GROUP6 = InetAddresses.parse("ff02::12");
    private static final MacAddress MAC4 = MacAddress.parse("01:00:5e:00:00:12");
    private static final MacAddress MAC6 = MacAddress.parse("33:33:00:00:00:12");

    private static NetnsLab lab;
    private static String nsA;
    private static String nsB;
    private static MacAddress macA;
    private static MacAddress macB;
    private static final RawIpSocketFactory IP = new RawIpSocketFactory();
    private static final AfPacketSocketFactory PACKET = new AfPacketSocketFactory();

    @BeforeAll
    static void lab() {
        lab = NetnsLab.create();
        nsA = lab.addHost("a");
        nsB = lab.addHost("b");
        lab.addSegment("lan");
        lab.connect("a", "lan", "eth0", "192.0.2.1/24", "2001:db8::1/64");
        lab.connect("b", "lan", "eth0", "192.0.2.2/24", "2001:db8::2/64");
        lab.exec("a", "ip", "addr", "add", "192.0.2.11/24", "dev", "eth0");
        macA = mac("a");
        macB = mac("b");
    }

    @AfterAll
    static void close() {
        if (lab != null) {
            lab.close();
        }
    }

    private static MacAddress mac(String host) {
        return MacAddress.parse(lab.exec(host, "cat", "/sys/class/net/eth0/address").trim());
    }

    private static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static IpSocket ipSocket(String ns, AddressFamily family, int protocol) throws KernelException {
        return NetNamespace.call(ns, () -> IP.open("eth0", family, protocol, 255, 0xc0));
    }

    private static PacketCollector collector(String ns, int etherType, MacAddress group) throws KernelException {
        PacketSocket s = NetNamespace.call(ns, () -> PACKET.open("eth0", etherType, VRRP, List.of(group)));
        return new PacketCollector(s, ns);
    }

    /** The IP payload of a received packet without options (IPv4 IHL 5, IPv6 without extension headers). */
    private static String payloadOf(ReceivedPacket p) {
        byte[] ip = p.ipPacket();
        int header = (ip[0] & 0xf0) == 0x40 ? (ip[0] & 0x0f) * 4 : 40;
        return new String(Arrays.copyOfRange(ip, header, ip.length), StandardCharsets.US_ASCII);
    }

    private static InetAddress at(byte[] ip, int offset, int length) {
        return io.vigil.core.net.IpPrefix.fromBytes(Arrays.copyOfRange(ip, offset, offset + length));
    }

    private static ReceivedPacket awaitPayload(PacketCollector c, String payload) {
        AtomicReference<ReceivedPacket> found = new AtomicReference<>();
        await().atMost(seconds(5)).until(() -> {
            for (ReceivedPacket p : c.packets()) {
                if (payloadOf(p).equals(payload)) {
                    found.set(p);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    @Test
    void ipv4MulticastAndUnicastWithPerDatagramSources() throws Exception {
        try (PacketCollector b = collector(nsB, AfPacketSocketFactory.ETH_P_IP, MAC4);
             IpSocket a = ipSocket(nsA, AddressFamily.INET, VRRP)) {
            a.joinMulticast(GROUP4);
            a.joinMulticast(GROUP4); // joining twice is fine
            a.send(List.of(
                    new Datagram(InetAddresses.parse("192.0.2.1"), GROUP4, payload("v4-multicast")),
                    new Datagram(InetAddresses.parse("192.0.2.11"), InetAddresses.parse("192.0.2.2"),
                            payload("v4-unicast"))));

            ReceivedPacket multicast = awaitPayload(b, "v4-multicast");
            byte[] ip = multicast.ipPacket();
            assertThat(multicast.sourceMac()).isEqualTo(macA);
            assertThat(multicast.ifindex()).isEqualTo(NetNamespace.call(nsB, () -> Interfaces.index("eth0")));
            assertThat(ip[8] & 0xff).as("TTL").isEqualTo(255);
            assertThat(ip[1] & 0xff).as("TOS").isEqualTo(0xc0);
            assertThat(ip[9] & 0xff).as("protocol").isEqualTo(VRRP);
            assertThat(at(ip, 12, 4)).isEqualTo(InetAddresses.parse("192.0.2.1"));
            assertThat(at(ip, 16, 4)).isEqualTo(GROUP4);
            assertThat(ip).hasSize(20 + "v4-multicast".length());

            ReceivedPacket unicast = awaitPayload(b, "v4-unicast");
            ip = unicast.ipPacket();
            assertThat(unicast.sourceMac()).isEqualTo(macA);
            assertThat(ip[8] & 0xff).as("TTL").isEqualTo(255);
            assertThat(at(ip, 12, 4)).as("source chosen by IP_PKTINFO").isEqualTo(InetAddresses.parse("192.0.2.11"));
            assertThat(at(ip, 16, 4)).isEqualTo(InetAddresses.parse("192.0.2.2"));
        }
    }

    @Test
    void ipv6MulticastFromTheLinkLocalAndUnicast() throws Exception {
        InetAddress linkLocalA = NetNamespace.call(nsA, () -> {
            try (RtnlAddressManager m = RtnlAddressManager.open()) {
                return m.ipv6LinkLocal(Interfaces.index("eth0")).orElseThrow();
            }
        });
        try (PacketCollector b = collector(nsB, AfPacketSocketFactory.ETH_P_IPV6, MAC6);
             IpSocket a = ipSocket(nsA, AddressFamily.INET6, VRRP)) {
            a.joinMulticast(GROUP6);
            a.send(List.of(
                    new Datagram(linkLocalA, GROUP6, payload("v6-multicast")),
                    new Datagram(InetAddresses.parse("2001:db8::1"), InetAddresses.parse("2001:db8::2"),
                            payload("v6-unicast"))));

            ReceivedPacket multicast = awaitPayload(b, "v6-multicast");
            byte[] ip = multicast.ipPacket();
            assertThat(multicast.sourceMac()).isEqualTo(macA);
            assertThat(ip[7] & 0xff).as("hop limit").isEqualTo(255);
            assertThat(ip[6] & 0xff).as("next header").isEqualTo(VRRP);
            assertThat((((ip[0] & 0x0f) << 4) | ((ip[1] & 0xf0) >> 4))).as("traffic class").isEqualTo(0xc0);
            assertThat(at(ip, 8, 16)).as("source chosen by IPV6_PKTINFO").isEqualTo(linkLocalA);
            assertThat(at(ip, 24, 16)).isEqualTo(GROUP6);
            assertThat(ip).hasSize(40 + "v6-multicast".length());

            ReceivedPacket unicast = awaitPayload(b, "v6-unicast");
            assertThat(unicast.ipPacket()[7] & 0xff).isEqualTo(255);
            assertThat(at(unicast.ipPacket(), 8, 16)).isEqualTo(InetAddresses.parse("2001:db8::1"));
        }
    }

    @Test
    void ownSendsAndOtherProtocolsAreNotReceived() throws Exception {
        try (PacketCollector b = collector(nsB, AfPacketSocketFactory.ETH_P_IP, MAC4);
             IpSocket fromB = ipSocket(nsB, AddressFamily.INET, VRRP);
             IpSocket a = ipSocket(nsA, AddressFamily.INET, VRRP);
             IpSocket udpFromA = ipSocket(nsA, AddressFamily.INET, 17)) {
            fromB.send(List.of(new Datagram(InetAddresses.parse("192.0.2.2"), GROUP4, payload("from-b")),
                    new Datagram(InetAddresses.parse("192.0.2.2"), InetAddresses.parse("192.0.2.1"),
                            payload("from-b"))));
            udpFromA.send(List.of(new Datagram(null, GROUP4, payload("udp-to-group")),
                    new Datagram(null, InetAddresses.parse("192.0.2.2"), payload("udp-to-b"))));
            lab.exec("a", "ping", "-c", "1", "-W", "2", "192.0.2.2"); // ICMP both ways
            a.send(List.of(new Datagram(InetAddresses.parse("192.0.2.1"), GROUP4, payload("marker"))));

            awaitPayload(b, "marker");
            List<ReceivedPacket> all = b.packets();
            assertThat(all).allSatisfy(p -> {
                assertThat(p.ipPacket()[9] & 0xff).as("protocol").isEqualTo(VRRP);
                assertThat(p.sourceMac()).isEqualTo(macA);
            });
            assertThat(all).extracting(SocketsIT::payloadOf).containsExactly("marker");
        }
    }

    @Test
    void datagramsOfTheWrongFamilyAreRefused() throws Exception {
        try (IpSocket a = ipSocket(nsA, AddressFamily.INET, VRRP)) {
            assertThatThrownBy(() -> a.send(List.of(new Datagram(null, GROUP6, payload("x")))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on an IPv4 socket");
        }
    }

    @Test
    void aRefusedDatagramIsNamedAndTheOthersStillGo() throws Exception {
        try (PacketCollector b = collector(nsB, AfPacketSocketFactory.ETH_P_IP, MAC4);
             IpSocket a = ipSocket(nsA, AddressFamily.INET, VRRP)) {
            // 198.51.100.9 is not an address of a: the kernel refuses it as a source (EINVAL)
            List<Datagram> batch = List.of(
                    new Datagram(InetAddresses.parse("192.0.2.1"), GROUP4, payload("before")),
                    new Datagram(InetAddresses.parse("198.51.100.9"), GROUP4, payload("bad-source")),
                    new Datagram(InetAddresses.parse("192.0.2.1"), GROUP4, payload("after")));
            assertThatThrownBy(() -> a.send(batch)).isInstanceOf(KernelException.class)
                    .hasMessageContaining("datagram 2 of 3 to 224.0.0.18 from 198.51.100.9")
                    .satisfies(e -> assertThat(((KernelException) e).errno()).isPositive());
            awaitPayload(b, "after");
            assertThat(b.packets()).extracting(SocketsIT::payloadOf).containsExactly("before", "after");
        }
    }

    @Test
    void gratuitousArpFramesReachTheOtherHost() throws Exception {
        Path log = Files.createTempFile("vg-tcpdump", ".log");
        try {
            lab.start("b", log, "tcpdump", "-i", "eth0", "-n", "-l", "-e", "arp");
            await().atMost(seconds(10)).until(() -> Files.readString(log).contains("listening on"));
            MacAddress vmac = MacAddress.parse("00:00:5e:00:01:21");
            byte[] vip = InetAddresses.parse("192.0.2.100").getAddress();
            byte[] frame = new byte[42];
            MacAddress.BROADCAST.copyTo(frame, 0);
            vmac.copyTo(frame, 6);
            frame[12] = 0x08;
            frame[13] = 0x06;
            byte[] arp = {0, 1, 8, 0, 6, 4, 0, 1};
            System.arraycopy(arp, 0, frame, 14, 8);
            vmac.copyTo(frame, 22);
            System.arraycopy(vip, 0, frame, 28, 4);
            MacAddress.BROADCAST.copyTo(frame, 32);
            System.arraycopy(vip, 0, frame, 38, 4);
            try (PacketSocket a = NetNamespace.call(nsA,
                    () -> PACKET.open("eth0", AfPacketSocketFactory.ETH_P_IP, VRRP, List.of()))) {
                a.sendFrames(List.of(frame, frame.clone(), frame.clone()));
            }
            await().atMost(seconds(10)).until(() -> Files.readString(log).lines()
                    .filter(l -> l.contains("00:00:5e:00:01:21") && l.contains("who-has 192.0.2.100")).count() == 3);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void closeUnblocksABlockedReceive() throws Exception {
        PacketSocket s = NetNamespace.call(nsB,
                () -> PACKET.open("eth0", AfPacketSocketFactory.ETH_P_IP, 250, List.of()));
        List<List<ReceivedPacket>> results = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                results.add(s.receive(8));
            } catch (KernelException e) {
                throw new AssertionError(e);
            }
        }, "blocked-receiver");
        t.start();
        await().atMost(seconds(5)).until(() -> Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getMethodName().equals("awaitReadable")));
        long start = System.nanoTime();
        s.close();
        t.join(seconds(2).toMillis());
        assertThat(t.isAlive()).as("receiver still blocked after close").isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms to unblock").isLessThan(1000);
        assertThat(results).containsExactly(List.of());
        assertThatThrownBy(() -> s.sendFrames(List.of(new byte[14]))).isInstanceOf(KernelException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void unknownInterfaceIsENODEV() {
        assertThatThrownBy(() -> NetNamespace.call(nsA, () -> IP.open("nope0", AddressFamily.INET, VRRP, 255, 0)))
                .isInstanceOf(KernelException.class)
                .satisfies(e -> assertThat(((KernelException) e).errnoName()).isEqualTo("ENODEV"));
    }

    @Test
    void aPingSocketSendsEchoRequestsAndReceivesTheRepliesWithTheirSequence() throws Exception {
        PingSocketFactory f = new PingSocketFactory();
        lab.exec("a", "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
        for (String target : List.of("192.0.2.2", "2001:db8::2")) {
            InetAddress t = InetAddresses.parse(target);
            try (io.vigil.core.port.PingSocket s = NetNamespace.call(nsA, () -> f.open(AddressFamily.of(t),
                    null, "eth0", 7))) {
                s.send(t, 4242, "vigil".getBytes(StandardCharsets.US_ASCII));
                List<io.vigil.core.port.PingSocket.EchoReply> r = s.receive(8);
                assertThat(r).containsExactly(new io.vigil.core.port.PingSocket.EchoReply(t, 4242));
            }
        }
        // a source the host does not have cannot be bound
        assertThatThrownBy(() -> NetNamespace.call(nsA, () -> f.open(AddressFamily.INET,
                InetAddresses.parse("198.51.100.1"), null, null))).isInstanceOf(KernelException.class)
                .hasMessageStartingWith("bind");
        // close wakes a blocked receiver, which gets an empty list
        io.vigil.core.port.PingSocket s = NetNamespace.call(nsA, () -> f.open(AddressFamily.INET, null, null, null));
        AtomicReference<List<io.vigil.core.port.PingSocket.EchoReply>> got = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                got.set(s.receive(1));
            } catch (KernelException e) {
                // closed before the receive began: refused, as it should be
                got.set(e.getMessage().contains("is closed") ? List.of() : null);
            }
        });
        t.start();
        s.close();
        t.join(seconds(5).toMillis());
        assertThat(got.get()).isEmpty();
    }
}
