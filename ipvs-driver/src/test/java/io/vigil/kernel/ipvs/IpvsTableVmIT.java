package io.vigil.kernel.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.RealServer.Tunnel;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.core.port.VirtualService.SchedulerFlag;
import io.vigil.kernel.ipvs.IpvsListing.Format;
import io.vigil.kernel.testing.Ipvsadm;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link IpvsTable} against the kernel's IPVS (in the VM), with ipvsadm as the reference: what vigil writes,
 * ipvsadm lists; what ipvsadm writes, vigil reads; and vigil's listing is ipvsadm's, character for character.
 */
@Tag("vm")
class IpvsTableVmIT {

    private static IpvsTable table;

    @BeforeAll
    static void open() throws KernelException {
        table = IpvsTable.open();
    }

    @AfterAll
    static void close() {
        if (table != null) {
            table.close();
        }
        Ipvsadm.clear();
    }

    @BeforeEach
    void empty() {
        Ipvsadm.clear();
    }

    static RealServer rs(String ip, int port, Forwarding f, int weight) {
        return RealServer.of(InetAddresses.parse(ip), port, f, weight);
    }

    /** Every kind of service and destination vigil programs. */
    static List<VirtualService> sampleTable() {
        ServiceKey tcp = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.1"), 80);
        ServiceKey udp6 = ServiceKey.of(Protocol.UDP, InetAddresses.parse("2001:db8::1"), 53);
        ServiceKey sctp = ServiceKey.of(Protocol.SCTP, InetAddresses.parse("192.0.2.2"), 9);
        return List.of(
                new VirtualService(tcp, "wrr", Set.of(), 300, 24, false, List.of(
                        new RealServer(InetAddresses.parse("198.51.100.10"), 8080, Forwarding.NAT, 5, 100, 10, null),
                        rs("198.51.100.11", 80, Forwarding.DR, 0),
                        new RealServer(InetAddresses.parse("198.51.100.12"), 80, Forwarding.TUN, 2, 0, 0, null),
                        new RealServer(InetAddresses.parse("198.51.100.13"), 80, Forwarding.TUN, 3, 0, 0,
                                new Tunnel(Tunnel.Type.GUE, 6080, Tunnel.Checksum.CSUM)))),
                new VirtualService(udp6, "sh", Set.of(SchedulerFlag.PORT, SchedulerFlag.FALLBACK), 0, 128, true,
                        List.of(rs("2001:db8::10", 53, Forwarding.NAT, 1), rs("2001:db8::a", 5353, Forwarding.NAT, 4))),
                new VirtualService(sctp, "lc", Set.of(), 0, 32, false, List.of(rs("203.0.113.5", 9, Forwarding.DR, 7))),
                new VirtualService(ServiceKey.fwmark(AddressFamily.INET, 7), "mh", Set.of(SchedulerFlag.PORT), 0, 32,
                        false, List.of(rs("198.51.100.20", 0, Forwarding.DR, 1), rs("198.51.100.3", 0, Forwarding.DR, 1))),
                new VirtualService(ServiceKey.fwmark(AddressFamily.INET6, 0x10000), "wlc", Set.of(), 60, 64, false,
                        List.of(rs("2001:db8::20", 0, Forwarding.DR, 1))),
                VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse("10.0.0.1"), 443), "rr", List.of()));
    }

    @Test
    void whatVigilWritesIpvsadmListsAsVigilDoes() throws Exception {
        for (VirtualService s : sampleTable()) {
            table.addService(s);
        }
        IpvsInfo info = table.info();
        List<IpvsService> services = table.services();
        assertThat(IpvsListing.format(info, services, Format.DEFAULT)).isEqualTo(Ipvsadm.run("-Ln"));
        assertThat(IpvsListing.format(info, services, Format.STATS)).isEqualTo(Ipvsadm.run("-Ln", "--stats"));
        assertThat(IpvsListing.format(info, services, Format.RATE)).isEqualTo(Ipvsadm.run("-Ln", "--rate"));
    }

    @Test
    void whatVigilWritesItReadsBack() throws Exception {
        for (VirtualService s : sampleTable()) {
            table.addService(s);
        }
        List<VirtualService> read = table.services().stream().map(IpvsService::service).toList();
        assertThat(read).hasSize(sampleTable().size());
        for (VirtualService want : sampleTable()) {
            VirtualService got = read.stream().filter(s -> s.key().equals(want.key())).findFirst().orElseThrow();
            assertThat(got.sameSettings(want)).as(want.key().toString()).isTrue();
            assertThat(got.sortedRealServers()).as(want.key().toString()).isEqualTo(want.sortedRealServers());
        }
    }

    @Test
    void whatIpvsadmWritesVigilReads() throws Exception {
        Ipvsadm.run("-A", "-t", "192.0.2.9:25", "-s", "sed", "-p", "120", "-M", "255.255.0.0");
        Ipvsadm.run("-a", "-t", "192.0.2.9:25", "-r", "198.51.100.1:2525", "-m", "-w", "9", "-x", "50", "-y", "5");
        Ipvsadm.run("-a", "-t", "192.0.2.9:25", "-r", "198.51.100.2", "-i", "--tun-type", "gre", "--tun-nocsum");
        Ipvsadm.run("-A", "-u", "[2001:db8::9]:123", "-s", "nq", "-o");
        List<IpvsService> services = table.services();
        services.sort(Comparator.comparing(s -> s.service().key().toString()));
        VirtualService tcp = services.get(0).service();
        assertThat(tcp.key()).isEqualTo(ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.9"), 25));
        assertThat(tcp.scheduler()).isEqualTo("sed");
        assertThat(tcp.persistenceTimeout()).isEqualTo(120);
        assertThat(tcp.persistencePrefix()).isEqualTo(16);
        assertThat(tcp.sortedRealServers()).containsExactly(
                new RealServer(InetAddresses.parse("198.51.100.1"), 2525, Forwarding.NAT, 9, 50, 5, null),
                new RealServer(InetAddresses.parse("198.51.100.2"), 25, Forwarding.TUN, 1, 0, 0,
                        new Tunnel(Tunnel.Type.GRE, 0, Tunnel.Checksum.NONE)));
        VirtualService udp = services.get(1).service();
        assertThat(udp.onePacket()).isTrue();
        assertThat(udp.scheduler()).isEqualTo("nq");
    }

    @Test
    void everySchedulerOfTheKernelWorks() throws Exception {
        List<String> schedulers = List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo",
                "ovf", "mh");
        for (int i = 0; i < schedulers.size(); i++) {
            table.addService(VirtualService.of(ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2." + (i + 1)),
                    80), schedulers.get(i), List.of(rs("198.51.100.1", 80, Forwarding.DR, 1))));
        }
        assertThat(table.services()).extracting(s -> s.service().scheduler())
                .containsExactlyInAnyOrderElementsOf(schedulers);
        assertThat(IpvsListing.format(table.info(), table.services(), Format.DEFAULT)).isEqualTo(Ipvsadm.run("-Ln"));
    }

    @Test
    void editsAndDeletesAreWhatIpvsadmSees() throws Exception {
        VirtualService s = sampleTable().get(0);
        table.addService(s);
        table.editDestination(s.key(), s.realServers().get(0).withWeight(0)); // inhibit: stays, weight 0
        table.deleteDestination(s.key(), s.realServers().get(1));
        table.editService(new VirtualService(s.key(), "lc", Set.of(), 0, 32, false, List.of()));
        String listed = Ipvsadm.run("-Ln");
        assertThat(listed).contains("TCP  192.0.2.1:80 lc\n")
                .contains("  -> 198.51.100.10:8080           Masq    0      0          0")
                .doesNotContain("198.51.100.11");
        assertThat(IpvsListing.format(table.info(), table.services(), Format.DEFAULT)).isEqualTo(listed);
        table.deleteService(s.key());
        assertThat(table.services()).isEmpty();
    }

    @Test
    void timeoutsAreIpvsadmsSet() throws Exception {
        table.setTimeouts(new IpvsTimeouts(900, 120, 300));
        assertThat(table.timeouts()).isEqualTo(new IpvsTimeouts(900, 120, 300));
        assertThat(Ipvsadm.run("-L", "--timeout")).contains("Timeout (tcp tcpfin udp): 900 120 300");
        table.setTimeouts(new IpvsTimeouts(0, 60, 0)); // 0 leaves a timeout as it is
        assertThat(table.timeouts()).isEqualTo(new IpvsTimeouts(900, 60, 300));
    }

    @Test
    void syncDaemonsStartListAndStop() throws Exception {
        try {
            table.startDaemon(SyncDaemon.of(SyncDaemon.State.MASTER, "lo", 5));
            table.startDaemon(new SyncDaemon(SyncDaemon.State.BACKUP, "lo", 6, 1200,
                    InetAddresses.parse("239.1.2.3"), 8849, 2));
            assertThat(table.daemons()).containsExactlyInAnyOrder(
                    new SyncDaemon(SyncDaemon.State.MASTER, "lo", 5, 1472, InetAddresses.parse("224.0.0.81"), 8848, 1),
                    new SyncDaemon(SyncDaemon.State.BACKUP, "lo", 6, 1200, InetAddresses.parse("239.1.2.3"), 8849, 2));
            String listed = Ipvsadm.run("-L", "--daemon");
            assertThat(listed).contains("master sync daemon (mcast=lo, syncid=5");
            assertThat(listed).contains("backup sync daemon (mcast=lo, syncid=6, maxlen=1200, group=239.1.2.3,"
                    + " port=8849");
            assertThatThrownBy(() -> table.startDaemon(SyncDaemon.of(SyncDaemon.State.MASTER, "lo", 5)))
                    .isInstanceOf(KernelException.class).hasMessageContaining("EEXIST");
        } finally {
            for (SyncDaemon d : table.daemons()) {
                table.stopDaemon(d.state());
            }
        }
        assertThat(table.daemons()).isEmpty();
    }

    @Test
    void refusalsAreNamedAndTyped() throws Exception {
        VirtualService s = sampleTable().get(2);
        table.addService(s);
        assertThatThrownBy(() -> table.addService(s)).isInstanceOf(KernelException.class)
                .hasMessageContaining("IPVS add service SCTP 192.0.2.2:9: EEXIST");
        ServiceKey missing = ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.200"), 80);
        assertThatThrownBy(() -> table.addDestination(missing, rs("198.51.100.1", 80, Forwarding.DR, 1)))
                .isInstanceOf(KernelException.class).satisfies(e ->
                        assertThat(((KernelException) e).errnoName()).isEqualTo("ESRCH"));
        assertThatThrownBy(() -> table.addService(VirtualService.of(missing, "nosuch", List.of())))
                .isInstanceOf(KernelException.class).hasMessageContaining("ENOENT");
        assertThat(table.destinations(missing)).isEmpty();
    }
}
