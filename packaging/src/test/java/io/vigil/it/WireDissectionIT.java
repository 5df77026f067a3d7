package io.vigil.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.netns.NetnsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What vigil puts on a real wire, read back by tshark from a capture in the namespace: VRRPv2, VRRPv3 over IPv4
 * and over IPv6 adverts with good checksums and TTL 255, and its gratuitous ARPs and unsolicited NAs.
 */
@Tag("netns")
class WireDissectionIT {

    @Test
    void tsharkFindsEveryAdvertAndAnnouncementWellFormed() throws Exception {
        assertThat(NetnsLab.run(List.of("tshark", "--version"), false)).as("tshark must be installed").contains("TShark");
        try (NetnsLab lab = NetnsLab.create()) {
            Path dir = Files.createTempDirectory("wire");
            lab.addSegment("lan");
            lab.addHost("d");
            lab.addHost("c");
            lab.connect("d", "lan", "eth0", "192.0.2.1/24");
            lab.connect("c", "lan", "eth0", "192.0.2.10/24");
            await().atMost(Duration.ofSeconds(10)).until(() -> lab.execUnchecked("d", "ip", "-6", "addr", "show",
                    "dev", "eth0").contains("fe80"));
            Path pcap = dir.resolve("wire.pcap");
            Process capture = lab.start("c", dir.resolve("tshark.log"), "tshark", "-i", "eth0", "-a", "duration:4",
                    "-w", pcap.toString(), "-f", "ip proto 112 or ip6 proto 112 or arp or icmp6");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pcap));
            Director.Vigil v = new Director.Vigil(lab, "d", dir, """
                    vrrp_instance V2 {
                      interface eth0
                      virtual_router_id 12
                      version 2
                      priority 255
                      advert_int 1
                      authentication {
                        auth_type PASS
                        auth_pass vigil
                      }
                      virtual_ipaddress {
                        192.0.2.102/24
                      }
                    }
                    vrrp_instance V3 {
                      interface eth0
                      virtual_router_id 13
                      version 3
                      priority 255
                      advert_int 0.5
                      virtual_ipaddress {
                        192.0.2.103/24
                      }
                    }
                    vrrp_instance V6 {
                      interface eth0
                      virtual_router_id 16
                      version 3
                      priority 255
                      advert_int 0.5
                      virtual_ipaddress {
                        2001:db8::106/64
                      }
                    }
                    """);
            v.start();
            capture.waitFor();
            NetnsLab.kill9(v.process);
            List<String> adverts = lines(NetnsLab.run(List.of("tshark", "-r", pcap.toString(), "-Y", "vrrp", "-T",
                    "fields", "-e", "vrrp.version", "-e", "vrrp.virt_rtr_id", "-e", "vrrp.checksum.status",
                    "-e", "ip.ttl", "-e", "ipv6.hlim"), true));
            assertThat(adverts).as(v.log()).isNotEmpty();
            assertThat(adverts).allSatisfy(l -> {
                String[] f = l.split("\t", -1);
                assertThat(f[2]).as("checksum status of " + l).isEqualTo("1");
                assertThat(f[3] + f[4]).as("TTL / hop limit of " + l).isEqualTo("255");
            });
            assertThat(adverts.stream().map(l -> l.split("\t")[0] + "/" + l.split("\t")[1]).distinct())
                    .contains("2/12", "3/13", "3/16");
            String garps = NetnsLab.run(List.of("tshark", "-r", pcap.toString(), "-Y",
                    "arp.isgratuitous == 1 && arp.src.proto_ipv4 == 192.0.2.102"), true);
            assertThat(lines(garps)).isNotEmpty();
            String na = NetnsLab.run(List.of("tshark", "-r", pcap.toString(), "-Y",
                    "icmpv6.type == 136 && icmpv6.nd.na.target_address == 2001:db8::106 && icmpv6.checksum.status == 1"),
                    true);
            assertThat(lines(na)).isNotEmpty();
            String malformed = NetnsLab.run(List.of("tshark", "-r", pcap.toString(), "-Y", "_ws.malformed || _ws.expert.severity >= warning"), true);
            assertThat(lines(malformed)).isEmpty();
        }
    }

    static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\n")) {
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }
}
