package io.vigil.kernel.testing;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.netns.NetnsLab;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A load-balancing lab in network namespaces, as the seeds describe it, for the traffic tests of both datapaths:
 *
 * <pre>
 *  client 192.0.2.100 ---- front ---- lb eth0 192.0.2.1 (VIPs: 203.0.113.10 for NAT, .20 for DR, and extras)
 *            |                          lb eth1 198.51.100.1 ---- back ---- nat1..N 198.51.100.11.. (gateway lb)
 *            +-- dr1..M 192.0.2.11.. (VIP .20 on lo, arp_ignore=1, arp_announce=2): DR replies go straight back
 * </pre>
 *
 * Every real server runs a {@link NameServers} server on the given ports. Closing removes everything.
 */
public final class LbLab implements AutoCloseable {

    public static final String NAT_VIP = "203.0.113.10";
    public static final String DR_VIP = "203.0.113.20";

    private final NetnsLab lab;
    private final NameServers servers = new NameServers();

    private LbLab(NetnsLab lab) {
        this.lab = lab;
    }

    /**
     * @param natServers how many NAT real servers (nat1..)
     * @param natPorts   the ports each NAT real server listens on
     * @param drServers  how many DR real servers (dr1.., listening on 80)
     * @param extraVips  more /32 addresses for the director
     */
    public static LbLab create(int natServers, int[] natPorts, int drServers, String... extraVips)
            throws KernelException {
        LbLab l = new LbLab(NetnsLab.create());
        try {
            l.build(natServers, natPorts, drServers, extraVips);
            return l;
        } catch (KernelException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    private void build(int natServers, int[] natPorts, int drServers, String... extraVips) throws KernelException {
        lab.addSegment("front");
        lab.addSegment("back");
        lab.addHost("client");
        lab.connect("client", "front", "eth0", "192.0.2.100/24");
        lab.exec("client", "ip", "route", "add", "203.0.113.0/24", "via", "192.0.2.1");
        lab.addHost("lb");
        List<String> lbAddresses = new ArrayList<>(List.of("192.0.2.1/24", NAT_VIP + "/32", DR_VIP + "/32"));
        for (String v : extraVips) {
            lbAddresses.add(v + "/32");
        }
        lab.connect("lb", "front", "eth0", lbAddresses.toArray(String[]::new));
        lab.connect("lb", "back", "eth1", "198.51.100.1/24");
        lab.exec("lb", "sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (int i = 1; i <= natServers; i++) {
            String ns = lab.addHost("nat" + i);
            lab.connect("nat" + i, "back", "eth0", "198.51.100.1" + i + "/24");
            lab.exec("nat" + i, "ip", "route", "add", "default", "via", "198.51.100.1");
            for (int port : natPorts) {
                servers.start(ns, "nat" + i, port);
            }
        }
        for (int i = 1; i <= drServers; i++) {
            String ns = lab.addHost("dr" + i);
            lab.connect("dr" + i, "front", "eth0", "192.0.2.1" + i + "/24");
            lab.exec("dr" + i, "ip", "addr", "add", DR_VIP + "/32", "dev", "lo");
            lab.exec("dr" + i, "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
            servers.start(ns, "dr" + i, 80);
        }
    }

    public NetnsLab lab() {
        return lab;
    }

    /** The director's namespace. */
    public String lb() {
        return lab.ns("lb");
    }

    /** NAT real server {@code i} (198.51.100.1i) on port 8080. */
    public static RealServer nat(int i, int weight) {
        return RealServer.of(InetAddresses.parse("198.51.100.1" + i), 8080, Forwarding.NAT, weight);
    }

    /** DR real server {@code i} (192.0.2.1i) on port 80. */
    public static RealServer dr(int i, int weight) {
        return RealServer.of(InetAddresses.parse("192.0.2.1" + i), 80, Forwarding.DR, weight);
    }

    /** {@code count} connections from the client to {@code vip:80}, counted by the name that answered. */
    public Map<String, Integer> spread(String vip, int count) throws KernelException {
        return NameServers.spread(lab.ns("client"), vip, 80, count);
    }

    @Override
    public void close() {
        servers.close();
        lab.close();
    }
}
