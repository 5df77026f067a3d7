package io.vigil.core.config.keepalived;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vigil.core.config.Authentication;
import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.TrackedInterface;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpInstanceConfig.InitialState;
import io.vigil.core.config.lvs.CheckerConfig;
import io.vigil.core.config.lvs.Forwarding;
import io.vigil.core.config.lvs.Protocol;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.config.tree.ModelTree;
import io.vigil.core.config.yaml.YamlConfigWriter;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample shipped with Debian's keepalived 2.2.7 (package keepalived, /usr/share/doc/keepalived/samples): it
 * passes, its model holds what keepalived reads from it, and its YAML dump reads back to an equal model (so the
 * dump holds it too).
 *
 * <p>One sample does not pass, and keepalived itself rejects it: keepalived.conf.vrrp.rules writes
 * {@code to 192.168.100./24}, which is no address ({@code keepalived -t}: "Invalid rule to address
 * 192.168.100./24", exit 5, on the same two lines).
 */
class SamplesTest {

    static final Path SAMPLES = Path.of("/usr/share/doc/keepalived/samples");

    @TempDir
    Path tmp;

    static Stream<Path> samples() throws IOException {
        if (!Files.isDirectory(SAMPLES)) {
            fail("the keepalived samples are missing: install the Debian package keepalived (" + SAMPLES + ")");
        }
        try (Stream<Path> s = Files.list(SAMPLES)) {
            List<Path> all = s.filter(p -> p.getFileName().toString().startsWith("keepalived.conf.")).sorted()
                    .toList();
            assertThat(all).as("the 24 samples of keepalived 2.2.7").hasSizeGreaterThanOrEqualTo(24);
            return all.stream();
        }
    }

    private static String idFor(Path sample) {
        return sample.getFileName().toString().endsWith("conditional_conf") ? "high" : "test";
    }

    private static LoadResult load(String name, String id) {
        return ConfigLoader.load(SAMPLES.resolve("keepalived.conf." + name), new LoadOptions(id));
    }

    private static VigilConfig valid(String name) {
        LoadResult r = load(name, name.equals("conditional_conf") ? "high" : "test");
        assertThat(Ka.texts(r.errors())).as(name).isEmpty();
        return r.config();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySamplePassesAndItsYamlDumpReadsBackEqual(Path sample) throws IOException {
        LoadResult r = ConfigLoader.load(sample, new LoadOptions(idFor(sample)));
        if (sample.getFileName().toString().endsWith(".vrrp.rules")) {
            assertThat(Ka.texts(r.errors())).containsExactly(
                    "keepalived.conf.vrrp.rules:11:8: error: rule to: '192.168.100./24' is not an IP address with a"
                            + " prefix length: did you mean '192.168.100.0/24'?",
                    "keepalived.conf.vrrp.rules:26:12: error: rule to: '192.168.200./24' is not an IP address with a"
                            + " prefix length: did you mean '192.168.200.0/24'?");
            return;
        }
        assertThat(Ka.texts(r.errors())).as(sample.toString()).isEmpty();
        Path yaml = tmp.resolve(sample.getFileName() + ".yaml");
        Files.writeString(yaml, YamlConfigWriter.write(r.config()));
        LoadResult back = ConfigLoader.load(yaml, new LoadOptions(idFor(sample)));
        assertThat(Ka.texts(back.errors())).isEmpty();
        assertThat(ModelTree.equalIgnoringLocation(r.config(), back.config()))
                .as("YAML dump of %s reads back equal; differs in %s", sample,
                        ModelTree.differences(r.config(), back.config())).isTrue();
    }

    // ------------------------------------------------------------------------------------- what keepalived reads

    private static VirtualServerConfig vs(VigilConfig c, int i, String addr, int port, Protocol p, String sched,
                                          long persistence, long delayLoopSeconds) {
        VirtualServerConfig v = c.virtualServers().get(i);
        if (addr != null) {
            assertThat(v.address()).isEqualTo(InetAddresses.parse(addr));
        }
        assertThat(v.port()).isEqualTo(port);
        assertThat(v.protocol()).isEqualTo(p);
        assertThat(v.scheduler()).isEqualTo(sched);
        assertThat(v.persistenceTimeoutSeconds()).isEqualTo(persistence);
        assertThat(v.delayLoopNanos()).isEqualTo(delayLoopSeconds * 1_000_000_000L);
        return v;
    }

    private static RealServerConfig rs(VirtualServerConfig v, int i, String addr, int port, int weight) {
        RealServerConfig r = v.realServers().get(i);
        assertThat(r.address()).isEqualTo(InetAddresses.parse(addr));
        assertThat(r.port()).isEqualTo(port);
        assertThat(r.weight()).isEqualTo(weight);
        return r;
    }

    private static void timing(io.vigil.core.config.lvs.CheckTiming t, int retry, long dbrSeconds) {
        assertThat(t.retry()).isEqualTo(retry);
        assertThat(t.delayBeforeRetryNanos()).isEqualTo(dbrSeconds * 1_000_000_000L);
    }

    private static List<String> vips(VrrpInstanceConfig i) {
        return i.virtualAddresses().stream().map(a -> a.prefix().toString()).toList();
    }

    private static void mailGlobals(VigilConfig c) {
        assertThat(c.globalDefs().routerId()).isEqualTo("LVS_DEVEL");
        assertThat(c.globalDefs().email().recipients()).containsExactly("acassen");
        assertThat(c.globalDefs().email().from()).isEqualTo("Alexandre.Cassen@firewall.loc");
        assertThat(c.globalDefs().email().smtpServer()).isEqualTo("192.168.200.1");
        assertThat(c.globalDefs().email().connectTimeoutNanos()).isEqualTo(30_000_000_000L);
    }

    @Test
    void sample() {
        VigilConfig c = valid("sample");
        mailGlobals(c);
        VrrpInstanceConfig i = c.instance("VI_1").orElseThrow();
        assertThat(i.interfaceName()).isEqualTo("eth0");
        assertThat(i.vrid()).isEqualTo(50);
        assertThat(i.priority()).isEqualTo(100);
        assertThat(i.preempt()).isFalse();
        assertThat(i.advertIntervalNanos()).isEqualTo(1_000_000_000L);
        assertThat(vips(i)).containsExactly("192.168.200.11/32", "192.168.200.12/32", "192.168.200.13/32");
        VirtualServerConfig v = vs(c, 0, "10.10.10.2", 1358, Protocol.TCP, "rr", 50, 6);
        assertThat(v.forwarding().method()).isEqualTo(Forwarding.Method.NAT);
        assertThat(v.sorryServer().address()).isEqualTo(InetAddresses.parse("192.168.200.200"));
        assertThat(v.sorryServer().port()).isEqualTo(1358);
        var http = (CheckerConfig.HttpCheck) rs(v, 0, "192.168.200.2", 1358, 1).checkers().get(0);
        assertThat(http.ssl()).isFalse();
        assertThat(http.urls()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("/testurl3/test.jsp");
            assertThat(u.digest()).isEqualTo("640205b7b0fc66c1ea91c463fac6334d");
        });
        assertThat(http.connection().connectTimeoutNanos()).isEqualTo(3_000_000_000L);
        timing(http.timing(), 3, 3);
    }

    @Test
    void httpGetPort() {
        VigilConfig c = valid("HTTP_GET.port");
        VirtualServerConfig v = vs(c, 0, "192.168.200.100", 443, Protocol.TCP, "rr", 50, 6);
        var ssl = (CheckerConfig.HttpCheck) rs(v, 0, "192.168.201.100", 443, 1).checkers().get(0);
        assertThat(ssl.ssl()).isTrue();
        assertThat(ssl.connection().connectPort()).isEqualTo(444);
        assertThat(ssl.urls().get(0).digest()).isEqualTo("ff20ad2481f97b1754ef3e12ecd3a9cc");
        timing(ssl.timing(), 3, 3);
    }

    @Test
    void ipv6() {
        VigilConfig c = valid("IPv6");
        var g = c.virtualServerGroups().get(0);
        assertThat(g.name()).isEqualTo("IPv6_group");
        assertThat(g.entries().get(0).first()).isEqualTo(InetAddresses.parse("ae00::2"));
        assertThat(g.entries().get(0).last()).isEqualTo(InetAddresses.parse("ae00::9"));
        assertThat(g.entries().get(1).port()).isEqualTo(80);
        VirtualServerConfig v = vs(c, 0, "ae00::1", 80, Protocol.TCP, "rr", 50, 6);
        assertThat(v.family()).isEqualTo(AddressFamily.INET6);
        var smtp = (CheckerConfig.SmtpCheck) rs(v, 0, "ae00::10", 25, 1).checkers().get(0);
        assertThat(smtp.heloName()).isEqualTo("foo.bar.com");
        assertThat(smtp.connection().connectPort()).isEqualTo(25);
        assertThat(smtp.connection().connectTimeoutNanos()).isEqualTo(3_000_000_000L);
        assertThat(smtp.timing().retry()).isEqualTo(3);
    }

    @Test
    void pingAndUdpChecks() {
        VirtualServerConfig ping = vs(valid("PING_CHECK"), 0, "10.10.10.2", 1358, Protocol.UDP, "rr", 50, 6);
        var p = (CheckerConfig.PingCheck) rs(ping, 0, "192.168.200.6", 1358, 1).checkers().get(0);
        assertThat(p.timing().retry()).isEqualTo(4);
        VirtualServerConfig udp = vs(valid("UDP_CHECK"), 0, "10.10.10.2", 1358, Protocol.UDP, "rr", 50, 6);
        var u = (CheckerConfig.UdpCheck) rs(udp, 0, "192.168.200.6", 1358, 1).checkers().get(0);
        assertThat(u.requireReply()).isFalse();
        assertThat(u.connection().connectTimeoutNanos()).isEqualTo(3_000_000_000L);
        timing(u.timing(), 3, 3);
    }

    @Test
    void smtpCheckWithHosts() {
        VirtualServerConfig v = vs(valid("SMTP_CHECK"), 0, "192.168.200.100", 25, Protocol.TCP, "rr", 0, 60);
        var s0 = (CheckerConfig.SmtpCheck) rs(v, 0, "172.16.1.10", 25, 1).checkers().get(0);
        assertThat(s0.connection().connectTimeoutNanos()).isEqualTo(30_000_000_000L);
        timing(s0.timing(), 2, 5);
        assertThat(s0.heloName()).isEqualTo("foo.bar.com");
        var s1 = (CheckerConfig.SmtpCheck) rs(v, 1, "172.16.1.11", 25, 1).checkers().get(0);
        assertThat(s1.hosts()).extracting(h -> InetAddresses.toText(h.connectIp()))
                .containsExactly("172.16.1.11", "192.168.155.10", "64.233.167.99");
        var s2 = (CheckerConfig.SmtpCheck) rs(v, 2, "172.16.1.12", 25, 1).checkers().get(0);
        assertThat(s2.hosts()).extracting(h -> h.connectPort()).containsExactly(25, 25, 587);
        assertThat(s2.hosts().get(1).bindTo()).isEqualTo(InetAddresses.parse("192.168.155.2"));
    }

    @Test
    void sslGetWithAhAuthentication() {
        VigilConfig c = valid("SSL_GET");
        VrrpInstanceConfig i = c.instance("VI_1").orElseThrow();
        assertThat(i.authentication().type()).isEqualTo(Authentication.Type.AH);
        assertThat(i.authentication().password()).isEqualTo("1111");
        assertThat(i.initialState()).as("keepalived clears MASTER with AH").isEqualTo(InitialState.BACKUP);
        assertThat(i.priority()).isEqualTo(100);
        assertThat(vips(i)).hasSize(3);
        var ssl = (CheckerConfig.HttpCheck) rs(vs(c, 0, "192.168.200.100", 443, Protocol.TCP, "rr", 50, 6), 0,
                "192.168.201.100", 443, 1).checkers().get(0);
        assertThat(ssl.ssl()).isTrue();
        assertThat(ssl.urls()).extracting(CheckerConfig.UrlCheck::path).containsExactly("/", "/mrtg/");
        var http = (CheckerConfig.HttpCheck) rs(vs(c, 1, "192.168.200.100", 80, Protocol.TCP, "rr", 50, 6), 0,
                "192.168.201.100", 80, 1).checkers().get(0);
        assertThat(http.ssl()).isFalse();
    }

    @Test
    void conditionalConfiguration() {
        VigilConfig high = valid("conditional_conf");
        assertThat(high.globalDefs().netNamespace()).isEqualTo("high");
        var s = high.vrrpScript("check_VI_0").orElseThrow();
        assertThat(s.script().command()).isEqualTo("/etc/keepalived/scripts/check_high_VI_0.sh");
        assertThat(s.timeoutNanos()).isEqualTo(10_000_000_000L);
        assertThat(s.rise()).isEqualTo(3);
        assertThat(s.fall()).isEqualTo(3);
        VrrpInstanceConfig i = high.instance("VI_0").orElseThrow();
        assertThat(i.priority()).isEqualTo(170);
        assertThat(i.initialState()).isEqualTo(InitialState.BACKUP);
        assertThat(i.version()).isEqualTo(3);
        assertThat(i.advertIntervalNanos()).isEqualTo(12_000_000_000L);
        assertThat(i.vmac()).isNotNull();
        assertThat(i.trackInterfaces()).extracting(TrackedInterface::name, TrackedInterface::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth3", 0),
                        org.assertj.core.groups.Tuple.tuple("eth2", 20));
        assertThat(vips(i)).containsExactly("10.1.0.254/32");
        LoadResult low = load("conditional_conf", "low");
        assertThat(low.config().instance("VI_0").orElseThrow().priority()).isEqualTo(85);
        assertThat(low.config().globalDefs().netNamespace()).isEqualTo("low");
        LoadResult other = load("conditional_conf", "neither");
        assertThat(Ka.texts(other.errors())).as("the sample says: run with -i high or -i low").contains(
                "keepalived.conf.conditional_conf:6:1: error: vrrp_script check_VI_0 has no 'script': add script"
                        + " \"/path/to/check\"");
    }

    @Test
    void fwmarkQuorumInhibitAndMisc() {
        VirtualServerConfig fw = vs(valid("fwmark"), 0, null, 0, null, "rr", 900, 6);
        assertThat(fw.fwmark()).isEqualTo(1L);
        assertThat(fw.realServers()).extracting(r -> InetAddresses.toText(r.address()))
                .containsExactly("192.168.201.100", "192.168.201.101");
        assertThat(((CheckerConfig.TcpCheck) fw.realServers().get(1).checkers().get(0)).connection().connectPort())
                .isEqualTo(80);
        VirtualServerConfig q = vs(valid("quorum"), 0, "10.0.1.1", 80, Protocol.TCP, "wrr", 900, 6);
        assertThat(q.alpha()).isTrue();
        assertThat(q.omega()).isTrue();
        assertThat(q.quorum()).isEqualTo(7);
        assertThat(q.hysteresis()).isEqualTo(2);
        assertThat(q.quorumUp().command()).isEqualTo("/usr/local/sbin/quorum-up.sh");
        assertThat(q.quorumDown().command()).isEqualTo("/usr/local/sbin/quorum-down.sh");
        assertThat(q.realServers()).hasSize(10);
        rs(q, 9, "10.0.0.10", 8080, 1);
        assertThat(q.realServers().get(0).alpha()).isTrue();
        RealServerConfig in = rs(vs(valid("inhibit"), 0, "10.10.10.2", 1358, Protocol.TCP, "rr", 50, 6), 0,
                "192.168.200.2", 1358, 1);
        assertThat(in.inhibitOnFailure()).isTrue();
        var misc = (CheckerConfig.MiscCheck) valid("misc_check").virtualServers().get(0).realServers().get(0)
                .checkers().get(0);
        assertThat(misc.path().argv()).containsExactly("/usr/local/bin/script.sh");
        assertThat(misc.dynamic()).isFalse();
        assertThat(misc.timing().retry()).isZero();
        assertThat(misc.timeoutNanos()).isEqualTo(6_000_000_000L);
        var arg = (CheckerConfig.MiscCheck) valid("misc_check_arg").virtualServers().get(0).realServers().get(0)
                .checkers().get(0);
        assertThat(arg.path().argv()).containsExactly("/usr/local/bin/script.sh", "arg1", "arg2");
    }

    @Test
    void statusCodesVirtualhostAndGroups() {
        var sc = (CheckerConfig.HttpCheck) valid("status_code").virtualServers().get(0).realServers().get(0)
                .checkers().get(0);
        assertThat(sc.urls().get(0).statusCodes()).containsExactly(new CheckerConfig.StatusRange(200, 299),
                new CheckerConfig.StatusRange(400, 499), new CheckerConfig.StatusRange(503, 503),
                new CheckerConfig.StatusRange(505, 505));
        assertThat(sc.urls().get(1).statusCodes()).containsExactly(new CheckerConfig.StatusRange(200, 200));
        assertThat(sc.urls().get(1).digest()).isEqualTo("9b3a0c85a887a256d6939da88aabd8cd");
        VigilConfig vh = valid("virtualhost");
        assertThat(vh.virtualServers().get(0).virtualhost()).isEqualTo("www.firewall.loc");
        assertThat(((CheckerConfig.HttpCheck) vh.virtualServers().get(0).realServers().get(0).checkers().get(0))
                .virtualhost()).isEqualTo("www.firewall.loc");
        VigilConfig g = valid("virtual_server_group");
        var entries = g.virtualServerGroups().get(0).entries();
        assertThat(entries).hasSize(6);
        assertThat(entries.get(3).first()).isEqualTo(InetAddresses.parse("192.168.200.3"));
        assertThat(entries.get(3).last()).isEqualTo(InetAddresses.parse("192.168.200.10"));
        assertThat(entries.get(4).fwmark()).isEqualTo(1L);
        assertThat(entries.get(5).fwmark()).isEqualTo(2L);
        VirtualServerConfig v = g.virtualServers().get(0);
        assertThat(v.group()).isEqualTo("VSG_1");
        assertThat(v.protocol()).isEqualTo(Protocol.TCP);
        rs(v, 1, "192.168.200.2", 1358, 1);
    }

    @Test
    void vrrpSamples() {
        VigilConfig c = valid("vrrp");
        VrrpInstanceConfig v1 = c.instance("VI_1").orElseThrow();
        assertThat(v1.initialState()).isEqualTo(InitialState.MASTER);
        assertThat(v1.priority()).isEqualTo(100);
        assertThat(v1.garp().masterDelayNanos()).isEqualTo(10_000_000_000L);
        assertThat(v1.authentication().type()).isEqualTo(Authentication.Type.PASS);
        assertThat(v1.authentication().password()).isEqualTo("1111");
        assertThat(v1.virtualAddresses()).extracting(VirtualAddress::label).containsExactly(null, null, null,
                "eth0:1");
        assertThat(v1.options().smtpAlert()).isTrue();
        assertThat(c.vrrpInstances()).extracting(VrrpInstanceConfig::name, VrrpInstanceConfig::interfaceName,
                VrrpInstanceConfig::vrid, VrrpInstanceConfig::priority).containsExactly(
                org.assertj.core.groups.Tuple.tuple("VI_1", "eth0", 51, 100),
                org.assertj.core.groups.Tuple.tuple("VI_2", "eth0", 50, 50),
                org.assertj.core.groups.Tuple.tuple("VI_3", "eth1", 52, 100),
                org.assertj.core.groups.Tuple.tuple("VI_4", "eth1", 53, 50));

        VigilConfig lc = valid("vrrp.localcheck");
        assertThat(lc.vrrpScripts()).hasSize(5);
        var sshd = lc.vrrpScript("chk_sshd").orElseThrow();
        assertThat(sshd.script().argv()).containsExactly("killall", "-0", "sshd");
        assertThat(sshd.weight()).isEqualTo(-4);
        assertThat(sshd.intervalNanos()).isEqualTo(2_000_000_000L);
        assertThat(lc.vrrpScript("chk_http_port").orElseThrow().script().command())
                .isEqualTo("</dev/tcp/127.0.0.1/80");
        VrrpInstanceConfig l1 = lc.instance("VI_1").orElseThrow();
        assertThat(l1.trackInterfaces()).extracting(TrackedInterface::weight).containsExactly(2, -2, 0);
        assertThat(l1.trackScripts()).extracting(t -> t.name() + ":" + t.weight()).containsExactly("chk_sshd:null",
                "chk_haproxy:2", "chk_http_port:null", "chk_https_port:null", "chk_smtp_port:null");
        assertThat(lc.vrrpInstances()).hasSize(9);

        VigilConfig sy = valid("vrrp.lvs_syncd");
        assertThat(sy.vrrpSyncGroups()).as("keepalived: 'Sync group VG1 has no virtual router(s). removing'")
                .isEmpty();
        assertThat(sy.instance("VI_1").orElseThrow().options().lvsSyncDaemonInterface()).isEqualTo("eth1");
        assertThat(sy.instance("VI_1").orElseThrow().authentication().password()).isEqualTo("grr02");
        vs(sy, 0, "192.168.200.19", 80, Protocol.TCP, "rr", 50, 20);

        VigilConfig sc = valid("vrrp.scripts");
        var g1 = sc.vrrpSyncGroups().get(0);
        assertThat(g1.members()).containsExactly("VI_2", "VI_3");
        assertThat(g1.notifyScripts().backup().argv()).containsExactly("/usr/local/bin/vrrp.back", "arg1", "arg2");
        assertThat(sc.instance("VI_1").orElseThrow().notifyScripts().fault().argv())
                .containsExactly("/usr/local/bin/vrrp.sh", "FAULT", "VI_1");

        VigilConfig sn = valid("vrrp.sync");
        assertThat(sn.vrrpSyncGroups()).extracting(g -> g.name() + g.members()).containsExactly(
                "G1[VI_1, VI_2, VI_5, VI_6, VI_7, VI_8, VI_9]", "G2[VI_3, VI_4]");
    }

    @Test
    void routesRulesAndStaticAddresses() {
        VigilConfig ti = valid("track_interface");
        assertThat(ti.staticRoutes()).extracting(r -> r.destination() + " " + r.device()).containsExactly(
                "192.168.210.0/24 eth0", "192.168.211.0/24 eth0", "192.168.212.0/24 eth3", "192.168.213.0/24 eth1");
        VrrpInstanceConfig t1 = ti.instance("VI_1").orElseThrow();
        assertThat(t1.interfaceName()).isEqualTo("eth0.1");
        assertThat(t1.virtualAddresses()).extracting(VirtualAddress::device).containsExactly(null, "eth1", "eth2");
        assertThat(t1.virtualRoutes()).hasSize(3);

        VigilConfig ro = valid("vrrp.routes");
        assertThat(ro.staticRoutes().get(0).source()).isEqualTo(InetAddresses.parse("192.168.100.1"));
        assertThat(ro.staticRoutes().get(3).scope()).isEqualTo("site");
        var vr = ro.instance("VI_1").orElseThrow().virtualRoutes();
        assertThat(vr).hasSize(7);
        assertThat(vr.get(4).nexthops()).extracting(n -> InetAddresses.toText(n.via()))
                .containsExactly("192.168.100.252", "192.168.100.253");
        assertThat(vr.get(5).type()).isEqualTo("blackhole");
        assertThat(vr.get(6).destination().toString()).isEqualTo("0.0.0.0/0");
        assertThat(vr.get(6).table()).isEqualTo("100");
        assertThat(vr.get(6).via()).isEqualTo(InetAddresses.parse("192.168.0.1"));

        VigilConfig st = valid("vrrp.static_ipaddress");
        assertThat(st.staticAddresses()).extracting(a -> a.prefix() + " " + a.device() + " " + a.scope())
                .containsExactly("192.168.200.16/32 eth0 LINK", "192.168.200.17/32 eth1 LINK",
                        "192.168.200.18/32 eth2 GLOBAL");
        assertThat(st.instance("VI_1").orElseThrow().virtualRoutes()).hasSize(4);
    }
}
