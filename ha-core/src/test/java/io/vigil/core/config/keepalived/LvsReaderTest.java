package io.vigil.core.config.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.LoadResult;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.lvs.CheckerConfig;
import io.vigil.core.config.lvs.Forwarding;
import io.vigil.core.config.lvs.Protocol;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** virtual_server, real_server, sorry_server, virtual_server_group and every checker, with keepalived's defaults. */
class LvsReaderTest {

    @TempDir
    Path dir;

    private VigilConfig valid(String conf) {
        LoadResult r = Ka.load(dir, conf);
        assertThat(Ka.texts(r.errors())).as("errors").isEmpty();
        return r.config();
    }

    private List<String> errors(String conf) {
        LoadResult r = Ka.load(dir, conf);
        assertThat(r.config()).isNull();
        return Ka.texts(r.errors());
    }

    @Test
    void valuesFlowFromVirtualToRealServerToChecker() {
        VirtualServerConfig vs = valid("""
                virtual_server 192.0.2.1 80 {
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                    delay_loop 10
                    connect_timeout 2
                    retry 4
                    inhibit_on_failure
                    virtualhost www.example.com
                    real_server 192.0.2.11 80 {
                        weight 3
                        HTTP_GET {
                            url {
                                path /health
                                status_code 200 300-302
                            }
                        }
                        TCP_CHECK {
                            connect_timeout 1.5
                            delay_loop 3
                        }
                        MISC_CHECK {
                            misc_path "/bin/check 192.0.2.11"
                            user nobody
                        }
                        DNS_CHECK {
                            type a
                            name example.com
                        }
                    }
                    real_server 192.0.2.12 {
                        delay_before_retry 7
                        PING_CHECK {
                        }
                    }
                }
                """).virtualServers().get(0);
        assertThat(vs.address()).isEqualTo(InetAddresses.parse("192.0.2.1"));
        assertThat(vs.port()).isEqualTo(80);
        assertThat(vs.protocol()).isEqualTo(Protocol.TCP);
        assertThat(vs.family()).isEqualTo(AddressFamily.INET);
        assertThat(vs.scheduler()).isEqualTo("rr");
        assertThat(vs.forwarding().method()).isEqualTo(Forwarding.Method.DR);
        assertThat(vs.quorum()).isEqualTo(1);
        RealServerConfig rs1 = vs.realServers().get(0);
        RealServerConfig rs2 = vs.realServers().get(1);
        assertThat(rs1.weight()).isEqualTo(3);
        assertThat(rs2.weight()).isEqualTo(1);
        assertThat(rs2.port()).as("DR real server takes the service port").isEqualTo(80);
        assertThat(rs1.forwarding().method()).isEqualTo(Forwarding.Method.DR);
        assertThat(rs1.inhibitOnFailure()).isTrue();
        var http = (CheckerConfig.HttpCheck) rs1.checkers().get(0);
        assertThat(http.connection().connectIp()).isEqualTo(rs1.address());
        assertThat(http.connection().connectPort()).isEqualTo(80);
        assertThat(http.connection().connectTimeoutNanos()).isEqualTo(2_000_000_000L);
        assertThat(http.timing().retry()).isEqualTo(4);
        assertThat(http.timing().delayBeforeRetryNanos()).as("HTTP default").isEqualTo(3_000_000_000L);
        assertThat(http.timing().delayLoopNanos()).isEqualTo(10_000_000_000L);
        assertThat(http.timing().warmupNanos()).isEqualTo(10_000_000_000L);
        assertThat(http.virtualhost()).isEqualTo("www.example.com");
        assertThat(http.urls().get(0).statusCodes()).containsExactly(new CheckerConfig.StatusRange(200, 200),
                new CheckerConfig.StatusRange(300, 302));
        var tcp = (CheckerConfig.TcpCheck) rs1.checkers().get(1);
        assertThat(tcp.connection().connectTimeoutNanos()).isEqualTo(1_500_000_000L);
        assertThat(tcp.timing().delayLoopNanos()).isEqualTo(3_000_000_000L);
        assertThat(tcp.timing().delayBeforeRetryNanos()).isEqualTo(1_000_000_000L);
        var misc = (CheckerConfig.MiscCheck) rs1.checkers().get(2);
        assertThat(misc.path().argv()).containsExactly("/bin/check", "192.0.2.11");
        assertThat(misc.path().user()).isEqualTo("nobody");
        assertThat(misc.timing().retry()).as("vs retry applies").isEqualTo(4);
        assertThat(misc.timeoutNanos()).isEqualTo(10_000_000_000L);
        var dns = (CheckerConfig.DnsCheck) rs1.checkers().get(3);
        assertThat(dns.type()).isEqualTo("A");
        assertThat(dns.timing().delayBeforeRetryNanos()).as("DNS: the delay loop").isEqualTo(10_000_000_000L);
        var ping = (CheckerConfig.PingCheck) rs2.checkers().get(0);
        assertThat(ping.timing().delayBeforeRetryNanos()).isEqualTo(7_000_000_000L);
    }

    @Test
    void checkerTypeDefaultsWithoutVirtualServerValues() {
        VirtualServerConfig vs = valid("virtual_server 192.0.2.1 53 {\n protocol UDP\n lb_algo rr\n lb_kind NAT\n"
                + " real_server 192.0.2.11 53 {\n  DNS_CHECK {\n  }\n  MISC_CHECK {\n   misc_path /bin/true\n"
                + "  }\n  UDP_CHECK {\n   payload Ab12f 3 456 546443123\n   require_reply 0x\n  }\n }\n}\n").virtualServers()
                .get(0);
        var checks = vs.realServers().get(0).checkers();
        assertThat(((CheckerConfig.DnsCheck) checks.get(0)).timing().retry()).isEqualTo(3);
        assertThat(((CheckerConfig.DnsCheck) checks.get(0)).type()).isEqualTo("SOA");
        assertThat(((CheckerConfig.MiscCheck) checks.get(1)).timing().retry()).isZero();
        assertThat(((CheckerConfig.TcpCheck.class.isInstance(checks.get(2))))).isFalse();
        var udp = (CheckerConfig.UdpCheck) checks.get(2);
        assertThat(udp.payloadHex()).as("man page: AB 12 0F 03 45 06 54 64 43 12 03")
                .isEqualTo("ab120f0345065464431203");
        assertThat(udp.requireReply()).isTrue();
        assertThat(udp.replyHex()).isEqualTo("0x");
        assertThat(udp.timing().delayLoopNanos()).isEqualTo(60_000_000_000L);
        assertThat(udp.connection().connectTimeoutNanos()).isEqualTo(5_000_000_000L);
    }

    @Test
    void fwmarkAndGroupServices() {
        VigilConfig c = valid("""
                virtual_server_group G {
                    192.0.2.1 80
                    192.0.2.3-10 80
                    192.0.2.250-192.0.3.10 443
                    192.0.2.64/29 8080
                    fwmark 7 inet
                }
                virtual_server group G {
                    lb_algo wlc
                    lb_kind NAT
                    protocol TCP
                    real_server 198.51.100.1 80 {
                        TCP_CHECK {
                        }
                    }
                }
                virtual_server fwmark 5 {
                    lb_algo sh
                    sh-port
                    lb_kind DR
                    real_server 198.51.100.2 {
                        TCP_CHECK {
                            connect_port 80
                        }
                    }
                }
                """);
        var g = c.virtualServerGroups().get(0);
        assertThat(g.entries()).hasSize(5);
        assertThat(g.entries().get(1).last()).isEqualTo(InetAddresses.parse("192.0.2.10"));
        assertThat(g.entries().get(2).last()).isEqualTo(InetAddresses.parse("192.0.3.10"));
        assertThat(g.entries().get(3).first()).isEqualTo(InetAddresses.parse("192.0.2.64"));
        assertThat(g.entries().get(3).last()).isEqualTo(InetAddresses.parse("192.0.2.71"));
        assertThat(g.entries().get(4).fwmark()).isEqualTo(7L);
        VirtualServerConfig fw = c.virtualServers().get(1);
        assertThat(fw.fwmark()).isEqualTo(5L);
        assertThat(fw.protocol()).isNull();
        assertThat(fw.flags()).containsExactly("sh-port");
        assertThat(fw.realServers().get(0).port()).isZero();
        assertThat(((CheckerConfig.TcpCheck) fw.realServers().get(0).checkers().get(0)).connection().connectPort())
                .isEqualTo(80);
    }

    @Test
    void wrongValuesAreErrors() {
        assertThat(errors("virtual_server 192.0.2.1 80 {\n lb_algo rrr\n lb_kind NATT\n protocol TCPP\n"
                + " real_server 192.0.2.500 80 {\n }\n}\n")).containsExactly(
                "keepalived.conf:2:10: error: unknown lb_algo 'rrr': did you mean 'rr'?",
                "keepalived.conf:3:10: error: unknown lb_kind 'NATT' for virtual server: NAT, DR or TUN (did you"
                        + " mean 'NAT'?)",
                "keepalived.conf:4:11: error: unknown protocol 'TCPP': TCP, UDP or SCTP",
                "keepalived.conf:5:14: error: real_server: '192.0.2.500' is not an IP address");
    }

    @Test
    void aFwmarkServiceGivenAPortIsAnError() {
        assertThat(errors("virtual_server fwmark 1 80 {\n}\n")).containsExactly(
                "keepalived.conf:1:25: error: a fwmark service has no port: remove '80' (set the port in the real"
                        + " servers or checkers)");
    }

    @Test
    void duplicateServicesAndRealServersAndMissingNames() {
        assertThat(errors("""
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lb_algo rr
                    lb_kind NAT
                    real_server 192.0.2.11 80 {
                        FILE_CHECK {
                            track_file nope
                        }
                    }
                    real_server 192.0.2.11 80 {
                    }
                }
                virtual_server 192.0.2.1 80 {
                    protocol TCP
                    lb_algo rr
                    lb_kind NAT
                }
                virtual_server group NOPE {
                }
                """)).containsExactlyInAnyOrder(
                "keepalived.conf:10:5: error: virtual_server 192.0.2.1 80: real_server 192.0.2.11 80 is already"
                        + " defined at line 5",
                "keepalived.conf:18:1: error: virtual_server group NOPE: no virtual_server_group NOPE is defined",
                "keepalived.conf:13:1: error: [192.0.2.1]:tcp:80 is already defined at line 1",
                "keepalived.conf:6:9: error: FILE_CHECK names track_file nope, which is not defined");
    }

    @Test
    void aCheckerWithoutAPortIsAnError() {
        assertThat(errors("virtual_server fwmark 3 {\n lb_algo rr\n lb_kind DR\n real_server 192.0.2.2 {\n"
                + "  TCP_CHECK {\n  }\n }\n}\n")).containsExactly("keepalived.conf:5:3: error: virtual_server fwmark 3:"
                + " TCP_CHECK of real_server 192.0.2.2 has no port to connect to: add connect_port (the real server"
                + " has none)");
    }

    @Test
    void quorumAndHysteresisAreClampedAsKeepalivedDoes() {
        LoadResult r = Ka.load(dir, "virtual_server 192.0.2.1 80 {\n protocol TCP\n lb_algo rr\n lb_kind NAT\n"
                + " quorum 5\n hysteresis 9\n real_server 192.0.2.11 80 {\n  weight 2\n }\n}\n");
        VirtualServerConfig vs = r.config().virtualServers().get(0);
        assertThat(vs.quorum()).isEqualTo(2);
        assertThat(vs.hysteresis()).isEqualTo(1);
        assertThat(Ka.texts(r.warnings())).hasSize(2);
    }

    @Test
    void tunnelForwarding() {
        VirtualServerConfig vs = valid("virtual_server 192.0.2.1 80 {\n protocol TCP\n lb_algo rr\n"
                + " lvs_method TUN type gue port 6080 csum\n real_server 2001:db8::1 80 {\n }\n}\n")
                .virtualServers().get(0);
        assertThat(vs.forwarding()).isEqualTo(new Forwarding(Forwarding.Method.TUN, Forwarding.TunnelType.GUE, 6080,
                Forwarding.TunnelChecksum.CSUM));
        assertThat(vs.realServers().get(0).address()).isEqualTo(InetAddresses.parse("2001:db8::1"));
        assertThat(errors("virtual_server 192.0.2.1 80 {\n lvs_method TUN type gue\n}\n")).singleElement().asString()
                .contains("a gue tunnel needs 'port N'");
    }
}
