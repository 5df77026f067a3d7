package io.vigil.kernel.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.core.netns.NetnsLab;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.testing.NameServers;
import io.vigil.kernel.testing.Timing;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The connection sync daemons ({@code lvs_sync_daemon}) between two directors inside the VM: vigil starts the
 * master daemon on one and the backup daemon on the other; a connection balanced by the master appears in the
 * backup's connection table, so it survives a failover.
 */
@Tag("vm")
class IpvsSyncVmIT {

    @Test
    void theBackupDirectorLearnsTheMastersConnections() throws Exception {
        try (NetnsLab lab = NetnsLab.create(); NameServers servers = new NameServers()) {
            lab.addSegment("lan");
            String client = lab.addHost("client");
            lab.connect("client", "lan", "eth0", "192.0.2.100/24");
            String lb1 = lab.addHost("lb1");
            lab.connect("lb1", "lan", "eth0", "192.0.2.1/24", "192.0.2.10/32");
            String lb2 = lab.addHost("lb2");
            lab.connect("lb2", "lan", "eth0", "192.0.2.2/24");
            String rs = lab.addHost("rs");
            lab.connect("rs", "lan", "eth0", "192.0.2.11/24");
            lab.exec("rs", "ip", "addr", "add", "192.0.2.10/32", "dev", "lo");
            lab.exec("rs", "sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1", "net.ipv4.conf.all.arp_announce=2");
            servers.start(rs, "rs", 80);
            DatapathState table = new DatapathState(List.of(VirtualService.of(
                    ServiceKey.of(Protocol.TCP, InetAddresses.parse("192.0.2.10"), 80), "rr",
                    List.of(RealServer.of(InetAddresses.parse("192.0.2.11"), 80, Forwarding.DR, 1)))));
            try (IpvsDatapath master = NetNamespace.call(lb1, IpvsDatapath::open);
                 IpvsDatapath backup = NetNamespace.call(lb2, IpvsDatapath::open)) {
                master.apply(table);
                backup.apply(table);
                assertThat(master.table().ensureDaemons(List.of(SyncDaemon.of(SyncDaemon.State.MASTER, "eth0", 7))))
                        .hasSize(1);
                assertThat(backup.table().ensureDaemons(List.of(SyncDaemon.of(SyncDaemon.State.BACKUP, "eth0", 7))))
                        .hasSize(1);
                assertThat(backup.table().ensureDaemons(List.of(SyncDaemon.of(SyncDaemon.State.BACKUP, "eth0", 7))))
                        .isEmpty();
                assertThat(NameServers.spread(client, "192.0.2.10", 80, 20)).containsEntry("rs", 20);
                Awaitility.await().atMost(Timing.seconds(20)).pollInterval(Duration.ofMillis(300)).until(() ->
                        lab.exec("lb2", "ipvsadm", "-Lnc").contains("192.0.2.100:"));
                assertThat(lab.exec("lb2", "ipvsadm", "-Lnc")).contains("192.0.2.10:80").contains("192.0.2.11:80");
                SyncDaemon running = backup.table().daemons().get(0);
                assertThat(running.syncId()).isEqualTo(7);
                assertThat(backup.table().ensureDaemons(List.of())).containsExactly("stopped " + running);
                assertThat(backup.table().daemons()).isEmpty();
            }
        }
    }
}
