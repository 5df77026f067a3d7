package io.vigil.kernel.testing;

import io.vigil.core.config.ConfigException;
import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.MacAddress;
import io.vigil.core.netns.NetnsLab;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.kernel.nativ.NetNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seeds' loop, in network namespaces: two directors that are also the real servers of a DR service.
 *
 * <pre>
 *  client 192.0.2.100 ---- lan ---- d1 192.0.2.1  (VIP 203.0.113.50 on lo, arp_ignore=1, arp_announce=2)
 *    (route to the VIP via d1: d1 is master) \-- d2 192.0.2.2  (the same)
 * </pre>
 *
 * Each director runs a {@link NameServers} server on port 80 answering its name, and counts, at the very start of
 * its eth0 ingress (priority -500, a table of the test's own), the packets for the VIP that come from the other
 * director's MAC: in a DR pair the backup gets each connection it serves from the master once; the master getting
 * VIP packets from the backup means they bounce.
 */
public final class LoopLab implements AutoCloseable {

    public static final String VIP = "203.0.113.50";
    public static final ServiceKey WEB = ServiceKey.of(ServiceKey.Protocol.TCP, InetAddresses.parse(VIP), 80);
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+)");

    private final NetnsLab lab;
    private final NameServers servers = new NameServers();

    private LoopLab(NetnsLab lab) {
        this.lab = lab;
    }

    public static LoopLab create() throws KernelException {
        LoopLab l = new LoopLab(NetnsLab.create());
        try {
            l.build();
            return l;
        } catch (KernelException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    private void build() throws KernelException {
        lab.addSegment("lan");
        lab.addHost("client");
        lab.connect("client", "lan", "eth0", "192.0.2.100/24");
        lab.exec("client", "ip", "route", "add", VIP + "/32", "via", "192.0.2.1");
        for (int i = 1; i <= 2; i++) {
            String d = "d" + i;
            String ns = lab.addHost(d);
            lab.connect(d, "lan", "eth0", "192.0.2." + i + "/24");
            lab.exec(d, "ip", "addr", "add", VIP + "/32", "dev", "lo");
            lab.exec(d, "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
            servers.start(ns, d, 80);
        }
        resetCounters();
    }

    public NetnsLab lab() {
        return lab;
    }

    /** The namespace of {@code d1}, {@code d2} or {@code client}. */
    public String ns(String host) {
        return lab.ns(host);
    }

    public static String peer(String director) {
        return director.equals("d1") ? "d2" : "d1";
    }

    public MacAddress mac(String host) {
        return MacAddress.parse(lab.exec(host, "cat", "/sys/class/net/eth0/address").trim());
    }

    /** The director's own address. */
    public static InetAddress address(String director) {
        return InetAddresses.parse("192.0.2." + director.substring(1));
    }

    public static Set<InetAddress> local(String director) {
        return Set.of(address(director));
    }

    /** Both directors as DR real servers of the VIP, with those weights. */
    public static List<RealServer> directors(int weight1, int weight2) {
        return List.of(RealServer.of(address("d1"), 80, Forwarding.DR, weight1),
                RealServer.of(address("d2"), 80, Forwarding.DR, weight2));
    }

    /**
     * A director's keepalived config for this lab, as the loop guard reads it: the VIP in a VRRP instance on eth0,
     * the DR service over both directors with those weights.
     */
    public static VigilConfig config(String scheduler, int weight1, int weight2) throws IOException, ConfigException {
        Path f = Files.createTempFile("loop", ".conf");
        try {
            Files.writeString(f, """
                    vrrp_instance VI_1 {
                        interface eth0
                        virtual_router_id 51
                        virtual_ipaddress {
                            %1$s/32
                        }
                    }
                    virtual_server %1$s 80 {
                        protocol TCP
                        lb_algo %2$s
                        lb_kind DR
                        real_server 192.0.2.1 80 {
                            weight %3$d
                        }
                        real_server 192.0.2.2 80 {
                            weight %4$d
                        }
                    }
                    """.formatted(VIP, scheduler, weight1, weight2));
            return ConfigLoader.load(f, new LoadOptions("x")).orThrow();
        } finally {
            Files.deleteIfExists(f);
        }
    }

    /** VIP packets {@code director} received from the other director's MAC since the last reset. */
    public long fromPeer(String director) {
        Matcher m = COUNTER.matcher(lab.exec(director, "nft", "list", "chain", "netdev", "loopcount", "in"));
        if (!m.find()) {
            throw new IllegalStateException("no counter in " + director);
        }
        return Long.parseLong(m.group(1));
    }

    /** (Re)creates the counting rules at zero (nft 1.0.6 resets named counters only, not a rule's). */
    public void resetCounters() {
        for (String d : List.of("d1", "d2")) {
            lab.exec(d, "nft", "add table netdev loopcount; add chain netdev loopcount in { type filter hook ingress"
                    + " device eth0 priority -500; policy accept; }; flush chain netdev loopcount in; add rule netdev"
                    + " loopcount in ether saddr " + mac(peer(d)) + " ip daddr " + VIP + " tcp dport 80 counter");
        }
    }

    /**
     * One connection from the client to the VIP, from a given source port (0: any), answered by the name of the
     * director that served it, or "error: ..." when nothing answered within {@code timeoutMillis}.
     */
    public String ask(int sourcePort, int timeoutMillis) throws KernelException {
        return NetNamespace.call(ns("client"), () -> {
            try (Socket s = new Socket()) {
                s.setReuseAddress(true);
                s.setSoLinger(true, 0);
                s.bind(new InetSocketAddress(sourcePort));
                s.setSoTimeout(timeoutMillis);
                s.connect(new InetSocketAddress(VIP, 80), timeoutMillis);
                InputStream in = s.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                return "error: " + e.getMessage();
            }
        });
    }

    @Override
    public void close() {
        servers.close();
        lab.close();
    }
}
