package io.vigil.healthcheck.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.net.InetAddresses;
import io.vigil.healthcheck.engine.RealServerHealthEvent;
import io.vigil.healthcheck.model.CheckTiming;
import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.model.ConnectOptions;
import io.vigil.healthcheck.model.DnsCheck;
import io.vigil.healthcheck.model.FileCheck;
import io.vigil.healthcheck.model.HexPattern;
import io.vigil.healthcheck.model.HttpGet;
import io.vigil.healthcheck.model.MiscCheck;
import io.vigil.healthcheck.model.PingCheck;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.ScriptUser;
import io.vigil.healthcheck.model.SmtpCheck;
import io.vigil.healthcheck.model.StatusCodes;
import io.vigil.healthcheck.model.TcpCheck;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.UdpCheck;
import io.vigil.healthcheck.model.UrlCheck;
import io.vigil.healthcheck.model.VrrpScript;
import io.vigil.healthcheck.state.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From keepalived.conf text, through the config reader, to the engine's targets and trackers. */
class HealthConfigMapperTest {

    @TempDir
    Path dir;

    VigilConfig load(String text) throws IOException {
        Path f = dir.resolve("keepalived.conf");
        Files.writeString(f, text);
        LoadResult r = ConfigLoader.load(f, new LoadOptions("test").withRandomSeed(1));
        assertThat(r.config()).as(r.diagnostics().toString()).isNotNull();
        return r.config();
    }

    HealthPlan plan(String text) throws Exception {
        return HealthConfigMapper.map(load(text));
    }

    static Duration s(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    @Test
    void aTcpCheckTakesTheEffectiveTimingOfCheckerRealAndVirtualServer() throws Exception {
        HealthPlan p = plan("""
                virtual_server 192.0.2.1 80 {
                  protocol TCP
                  delay_loop 6
                  lb_kind DR
                  real_server 198.51.100.10 80 {
                    weight 3
                    inhibit_on_failure
                    TCP_CHECK {
                      connect_timeout 2
                      retry 4
                    }
                  }
                  real_server 198.51.100.11 8080 {
                    TCP_CHECK {
                      connect_port 8081
                      bindto 198.51.100.1
                      fwmark 7
                      delay_before_retry 0.5
                      warmup 0
                      alpha
                    }
                  }
                }
                """);
        assertThat(p.targets()).hasSize(2);
        RealServerTarget a = p.targets().get(0);
        assertThat(a.key().virtualServer()).isEqualTo("[192.0.2.1]:tcp:80");
        assertThat(a.key().address()).isEqualTo(InetAddresses.parse("198.51.100.10"));
        assertThat(a.key().port()).isEqualTo(80);
        assertThat(a.weight()).isEqualTo(3);
        assertThat(a.inhibitOnFailure()).isTrue();
        assertThat(a.checkers()).containsExactly(new TcpCheck(ConnectOptions.DEFAULT,
                new CheckTiming(s(2), 4, s(1), s(6), s(6), false, false)));
        RealServerTarget b = p.targets().get(1);
        assertThat(b.weight()).isEqualTo(1);
        assertThat(b.checkers()).containsExactly(new TcpCheck(
                new ConnectOptions(null, 8081, InetAddresses.parse("198.51.100.1"), null, null, 7),
                new CheckTiming(s(5), 1, s(0.5), s(6), Duration.ZERO, true, false)));
        assertThat(p.members().get(a.key())).containsExactly(new HealthPlan.Member("[192.0.2.1]:tcp:80", 3, true));
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void everyCheckerKindMapsWithKeepalivedsDefaults() throws Exception {
        HealthPlan p = plan("""
                track_file maint {
                  file /run/maint
                  weight -2
                }
                virtual_server 192.0.2.1 443 {
                  protocol TCP
                  real_server 198.51.100.10 443 {
                    SSL_GET {
                      url {
                        path /health
                        digest 9B3A4F7A33C5A5F2E4B0D1A8E2F5C6D7
                        status_code 200-204 301
                      }
                      url {
                        path /ready
                        regex "^ok"
                        regex_options caseless
                      }
                      http_protocol 1.1
                      virtualhost www.example.test
                      enable_sni
                    }
                    SMTP_CHECK {
                      helo_name mx.example.test
                      host {
                        connect_ip 198.51.100.20
                        connect_port 25
                      }
                    }
                    DNS_CHECK {
                      connect_port 53
                      type A
                      name example.test
                    }
                    UDP_CHECK {
                      connect_port 4000
                      payload 0102
                      require_reply 0aXx
                      max_reply_length 64
                    }
                    PING_CHECK {
                    }
                    MISC_CHECK {
                      misc_path "/usr/local/bin/check 'two words'"
                      misc_timeout 3
                      misc_dynamic
                      user nobody nogroup
                    }
                    FILE_CHECK {
                      track_file maint
                    }
                  }
                }
                """);
        List<io.vigil.healthcheck.model.CheckerConfig> cs = p.targets().get(0).checkers();
        assertThat(cs).extracting(io.vigil.healthcheck.model.CheckerConfig::kind).containsExactly(
                CheckerKind.SSL_GET, CheckerKind.SMTP_CHECK, CheckerKind.SMTP_CHECK, CheckerKind.DNS_CHECK,
                CheckerKind.UDP_CHECK, CheckerKind.PING_CHECK, CheckerKind.MISC_CHECK, CheckerKind.FILE_CHECK);
        HttpGet h = (HttpGet) cs.get(0);
        assertThat(h.ssl()).isTrue();
        assertThat(h.httpProtocol()).isEqualTo("1.1");
        assertThat(h.virtualhost()).isEqualTo("www.example.test");
        assertThat(h.tls().enableSni()).isTrue();
        assertThat(h.timing().delayBeforeRetry()).isEqualTo(s(3));
        assertThat(h.urls().get(0)).isEqualTo(UrlCheck.of("/health").withDigest("9b3a4f7a33c5a5f2e4b0d1a8e2f5c6d7")
                .withStatusCodes(StatusCodes.parse("200-204 301")));
        assertThat(h.urls().get(1).regex()).isEqualTo("^ok");
        assertThat(h.urls().get(1).regexOptions()).containsExactly("caseless");
        assertThat(h.urls().get(1).statusCodes()).isEqualTo(StatusCodes.DEFAULT);
        SmtpCheck main = (SmtpCheck) cs.get(1);
        assertThat(main.heloName()).isEqualTo("mx.example.test");
        assertThat(main.connect().connectPort()).isNull();
        SmtpCheck host = (SmtpCheck) cs.get(2);
        assertThat(host.connect().connectIp()).isEqualTo(InetAddresses.parse("198.51.100.20"));
        assertThat(host.connect().connectPort()).isEqualTo(25);
        DnsCheck d = (DnsCheck) cs.get(3);
        assertThat(d.type()).isEqualTo(DnsCheck.Type.A);
        assertThat(d.name()).isEqualTo("example.test");
        assertThat(d.timing().retry()).isEqualTo(3);
        assertThat(d.connect().connectPort()).isEqualTo(53);
        UdpCheck u = (UdpCheck) cs.get(4);
        assertThat(u.payload()).containsExactly(1, 2);
        assertThat(u.requireReply()).isTrue();
        assertThat(u.replyPattern()).isEqualTo(HexPattern.parse("0aXx", true));
        assertThat(u.maxReplyLength()).isEqualTo(64);
        PingCheck ping = (PingCheck) cs.get(5);
        assertThat(ping.connect()).isEqualTo(ConnectOptions.DEFAULT);
        MiscCheck m = (MiscCheck) cs.get(6);
        assertThat(m.command()).containsExactly("/usr/local/bin/check", "two words");
        assertThat(m.timeout()).isEqualTo(s(3));
        assertThat(m.dynamic()).isTrue();
        assertThat(m.user()).isEqualTo(new ScriptUser("nobody", "nogroup"));
        assertThat(m.timing().retry()).isZero();
        FileCheck f = (FileCheck) cs.get(7);
        assertThat(f.trackFile().file()).isEqualTo(Path.of("/run/maint"));
        assertThat(f.weight()).isEqualTo(-2);
    }

    @Test
    void aRealServerSharedByVirtualServersWithTheSameChecksIsCheckedOnceAndFannedOut() throws Exception {
        HealthPlan p = plan("""
                virtual_server 192.0.2.1 80 {
                  protocol TCP
                  real_server 198.51.100.10 80 {
                    weight 2
                    TCP_CHECK {
                      connect_timeout 3
                    }
                  }
                  real_server 198.51.100.11 80 {
                    TCP_CHECK {
                      connect_timeout 3
                    }
                  }
                }
                virtual_server 192.0.2.2 80 {
                  protocol TCP
                  real_server 198.51.100.10 80 {
                    weight 5
                    inhibit_on_failure
                    TCP_CHECK {
                      connect_timeout 3
                    }
                  }
                  real_server 198.51.100.11 80 {
                    HTTP_GET {
                      url {
                        path /
                      }
                      connect_timeout 3
                    }
                  }
                }
                """);
        // .10 is the same check in both; .11 is checked differently by each
        assertThat(p.targets()).hasSize(3);
        RealServerTarget shared = p.targets().get(0);
        assertThat(p.members().get(shared.key())).containsExactly(
                new HealthPlan.Member("[192.0.2.1]:tcp:80", 2, false),
                new HealthPlan.Member("[192.0.2.2]:tcp:80", 5, true));
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<RealServerHealth> up = p.fanOut(new RealServerHealthEvent(shared.key(), true, 2, false, Reason.OK,
                "all checks pass", 1, t));
        assertThat(up).extracting(RealServerHealth::virtualServer, RealServerHealth::up, RealServerHealth::weight,
                RealServerHealth::inhibitOnFailure).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("[192.0.2.1]:tcp:80", true, 2, false),
                        org.assertj.core.groups.Tuple.tuple("[192.0.2.2]:tcp:80", true, 5, true));
        List<RealServerHealth> down = p.fanOut(new RealServerHealthEvent(shared.key(), false, 0, false,
                Reason.REFUSED, "TCP_CHECK: connect: Connection refused", 2, t));
        assertThat(down).allSatisfy(h -> {
            assertThat(h.up()).isFalse();
            assertThat(h.weight()).isZero();
            assertThat(h.reason()).isEqualTo("REFUSED");
            assertThat(h.endpoint()).isEqualTo("198.51.100.10:80");
        });
        assertThat(p.initial(t)).hasSize(4);
    }

    @Test
    void dynamicCheckersAreSharedOnlyBetweenEqualWeights() throws Exception {
        HealthPlan p = plan("""
                virtual_server 192.0.2.1 80 {
                  protocol TCP
                  real_server 198.51.100.10 80 {
                    weight 2
                    MISC_CHECK {
                      misc_path /bin/true
                      misc_dynamic
                    }
                  }
                }
                virtual_server 192.0.2.2 80 {
                  protocol TCP
                  real_server 198.51.100.10 80 {
                    weight 3
                    MISC_CHECK {
                      misc_path /bin/true
                      misc_dynamic
                    }
                  }
                }
                virtual_server 192.0.2.3 80 {
                  protocol TCP
                  real_server 198.51.100.10 80 {
                    weight 3
                    MISC_CHECK {
                      misc_path /bin/true
                      misc_dynamic
                    }
                  }
                }
                """);
        assertThat(p.targets()).hasSize(2);
        RealServerTarget second = p.targets().get(1);
        assertThat(p.members().get(second.key())).extracting(HealthPlan.Member::virtualServer)
                .containsExactly("[192.0.2.2]:tcp:80", "[192.0.2.3]:tcp:80");
        // misc_dynamic exit 12: weight 10 for both users of the shared check
        List<RealServerHealth> h = p.fanOut(new RealServerHealthEvent(second.key(), true, 10, false, Reason.OK, "",
                1, Instant.EPOCH));
        assertThat(h).extracting(RealServerHealth::weight).containsExactly(10, 10);
    }

    @Test
    void trackersAreTheOnesSomeInstanceOrSyncGroupTracks() throws Exception {
        HealthPlan p = plan("""
                global_defs {
                  script_user nobody nogroup
                  enable_script_security
                }
                vrrp_script chk_haproxy {
                  script "/usr/bin/pgrep -x haproxy"
                  interval 2
                  timeout 1
                  weight -20 reverse
                  rise 3
                  fall 2
                  init_fail
                }
                vrrp_script unused {
                  script /bin/true
                }
                vrrp_script grouped {
                  script /bin/false
                  user daemon
                }
                track_file maint {
                  file /run/vigil-maint
                  weight 5
                  init_file 1 overwrite
                }
                vrrp_track_process nginx {
                  process nginx -g "daemon off;"
                  param_match partial
                  quorum 2
                  quorum_max 4
                  fork_delay 1
                  terminate_delay 2
                  weight 10
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  priority 100
                  virtual_ipaddress {
                    192.0.2.100/24
                  }
                  track_script {
                    chk_haproxy
                  }
                  track_file {
                    maint
                  }
                  track_process {
                    nginx
                  }
                }
                vrrp_instance VI_2 {
                  interface eth0
                  virtual_router_id 52
                  priority 100
                  virtual_ipaddress {
                    192.0.2.101/24
                  }
                }
                vrrp_sync_group G {
                  group {
                    VI_2
                  }
                  track_script {
                    grouped
                  }
                }
                """);
        assertThat(p.scripts()).extracting(VrrpScript::name).containsExactly("chk_haproxy", "grouped");
        VrrpScript s = p.scripts().get(0);
        assertThat(s.script()).containsExactly("/usr/bin/pgrep", "-x", "haproxy");
        assertThat(s.interval()).isEqualTo(s(2));
        assertThat(s.timeout()).isEqualTo(s(1));
        assertThat(s.weight()).isEqualTo(-20);
        assertThat(s.reverse()).isTrue();
        assertThat(s.rise()).isEqualTo(3);
        assertThat(s.fall()).isEqualTo(2);
        assertThat(s.initFail()).isTrue();
        assertThat(s.user()).isNull();
        assertThat(p.scripts().get(1).user()).isEqualTo(ScriptUser.of("daemon"));
        assertThat(p.files()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(Path.of("/run/vigil-maint"));
            assertThat(f.weight()).isEqualTo(5);
            assertThat(f.initValue()).isEqualTo(1L);
            assertThat(f.overwrite()).isTrue();
        });
        TrackProcess tp = p.processes().get(0);
        assertThat(tp.process()).containsExactly("nginx", "-g", "daemon off;");
        assertThat(tp.paramMatch()).isEqualTo("partial");
        assertThat(tp.quorum()).isEqualTo(2);
        assertThat(tp.quorumMax()).isEqualTo(4);
        assertThat(tp.forkDelay()).isEqualTo(s(1));
        assertThat(tp.terminateDelay()).isEqualTo(s(2));
        assertThat(tp.weight()).isEqualTo(10);
        assertThat(p.scriptSecurity().scriptUser()).isEqualTo(new ScriptUser("nobody", "nogroup"));
        assertThat(p.scriptSecurity().enableScriptSecurity()).isTrue();
        assertThat(p.targets()).isEmpty();
    }

    @Test
    void aBfdCheckIsLeftOutWithAWarning() throws Exception {
        HealthPlan p = plan("""
                bfd_instance b1 {
                  neighbor_ip 198.51.100.10
                }
                virtual_server 192.0.2.1 80 {
                  protocol TCP
                  real_server 198.51.100.10 80 {
                    BFD_CHECK {
                      name b1
                    }
                    TCP_CHECK {
                    }
                  }
                }
                """);
        assertThat(p.targets().get(0).checkers()).extracting(io.vigil.healthcheck.model.CheckerConfig::kind)
                .containsExactly(CheckerKind.TCP_CHECK);
        assertThat(p.warnings()).singleElement().asString().contains("BFD_CHECK b1").contains("198.51.100.10:80");
    }

    @Test
    void aCheckTheEngineCannotBuildIsAnErrorNamingTheServer() throws Exception {
        VigilConfig c = load("""
                virtual_server 192.0.2.1 80 {
                  protocol TCP
                  real_server 198.51.100.10 80 {
                    HTTP_GET {
                      url {
                        path /
                        regex "(unclosed"
                      }
                    }
                  }
                }
                """);
        assertThatThrownBy(() -> HealthConfigMapper.map(c)).isInstanceOf(HealthConfigException.class)
                .hasMessageContaining("[192.0.2.1]:tcp:80 real_server 198.51.100.10:80: HTTP_GET");
    }
}
