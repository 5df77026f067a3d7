package io.vigil.healthcheck.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vigil.core.netns.NetnsLab;
import io.vigil.healthcheck.engine.EngineOptions;
import io.vigil.healthcheck.engine.HealthCheckEngine;
import io.vigil.healthcheck.engine.HealthListener;
import io.vigil.healthcheck.engine.RealServerHealthEvent;
import io.vigil.healthcheck.engine.TrackerEvent;
import io.vigil.healthcheck.model.CheckTiming;
import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.CheckerKind;
import io.vigil.healthcheck.model.ConnectOptions;
import io.vigil.healthcheck.model.DnsCheck;
import io.vigil.healthcheck.model.FileCheck;
import io.vigil.healthcheck.model.HexPattern;
import io.vigil.healthcheck.model.HttpGet;
import io.vigil.healthcheck.model.MiscCheck;
import io.vigil.healthcheck.model.PingCheck;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.ScriptCommandLine;
import io.vigil.healthcheck.model.ScriptSecurity;
import io.vigil.healthcheck.model.ScriptUser;
import io.vigil.healthcheck.model.SmtpCheck;
import io.vigil.healthcheck.model.TcpCheck;
import io.vigil.healthcheck.model.TlsOptions;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.UdpCheck;
import io.vigil.healthcheck.model.UrlCheck;
import io.vigil.healthcheck.model.VrrpScript;
import io.vigil.healthcheck.state.Reason;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every checker against real servers in network namespaces: the engine probes from namespace "dir" (DIPs
 * 192.0.2.1 and 192.0.2.2, 2001:db8::1), the servers live in namespace "rs" (192.0.2.10, 2001:db8::10).
 */
@Tag("netns")
class CheckersIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static NetnsLab lab;
    static TestServers servers;
    static InetAddress rs;
    static InetAddress rs6;
    static InetAddress dip2;
    static Path certDir;
    static SslContext serverTls;

    HealthCheckEngine engine;
    final List<RealServerHealthEvent> events = new CopyOnWriteArrayList<>();
    final List<TrackerEvent> trackerEvents = new CopyOnWriteArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void lab() throws Exception {
        lab = NetnsLab.create();
        lab.addHost("dir");
        lab.addHost("rs");
        lab.addSegment("lan");
        lab.connect("dir", "lan", "eth0", "192.0.2.1/24", "192.0.2.2/24", "2001:db8::1/64");
        lab.connect("rs", "lan", "eth0", "192.0.2.10/24", "2001:db8::10/64");
        // the daemon runs as root: let gid 0 open ping sockets in the director's namespace, as keepalived does
        lab.exec("dir", "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
        rs = InetAddress.getByName("192.0.2.10");
        rs6 = InetAddress.getByName("2001:db8::10");
        dip2 = InetAddress.getByName("192.0.2.2");
        servers = new TestServers(lab.ns("rs"));
        certDir = Files.createTempDirectory("vigil-hc-cert");
        NetnsLab.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=rs.example.test", "-addext", "subjectAltName=DNS:rs.example.test",
                "-keyout", certDir.resolve("key.pem").toString(), "-out", certDir.resolve("cert.pem").toString()),
                true);
        serverTls = SslContextBuilder.forServer(certDir.resolve("cert.pem").toFile(),
                certDir.resolve("key.pem").toFile()).build();
        servers.tcp(rs, 80, null, servers::http);
        servers.tcp(rs6, 80, null, servers::http);
        servers.tcp(rs, 443, serverTls, servers::http);
        servers.tcp(rs, 8001, null, servers::silent);
        servers.tcp(rs, 8002, null, servers::trickle);
        servers.tcp(rs, 8003, null, servers::endless);
        servers.tcp(rs, 8004, null, servers::reset);
        servers.tcp(rs, 8005, null, servers::garbage);
        servers.tcp(rs, 8006, null, servers::flood);
        servers.tcp(rs, 25, null, servers::smtp);
    }

    @AfterAll
    static void closeLab() throws Exception {
        if (servers != null) {
            servers.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    void start(EngineOptions o, RealServerTarget... targets) {
        engine = HealthCheckEngine.start(o.withNetworkNamespace(lab.ns("dir")), NativePorts.PORTS,
                new HealthListener() {
            @Override
            public void onRealServer(RealServerHealthEvent e) {
                events.add(e);
            }

            @Override
            public void onTracker(TrackerEvent e) {
                trackerEvents.add(e);
            }
        });
        engine.update(List.of(targets));
    }

    void start(RealServerTarget... targets) {
        start(EngineOptions.defaults(), targets);
    }

    static CheckTiming fast(CheckerKind kind) {
        return CheckTiming.defaults(kind, Duration.ofMillis(300)).withWarmup(Duration.ZERO).withRetry(0)
                .withConnectTimeout(Duration.ofMillis(1500)).withDelayBeforeRetry(Duration.ofMillis(100));
    }

    static RealServerKey key(InetAddress a, int port) {
        return new RealServerKey("vs", a, port);
    }

    Optional<RealServerHealthEvent> last(RealServerKey k) {
        RealServerHealthEvent found = null;
        for (RealServerHealthEvent e : events) {
            if (e.key().equals(k)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Waits until the server is reported with this state; returns that event. */
    RealServerHealthEvent awaitState(RealServerKey k, boolean up, Reason reason) {
        await().atMost(WAIT).until(() -> last(k).filter(e -> e.up() == up && (reason == null
                || e.reason() == reason)).isPresent());
        return last(k).orElseThrow();
    }

    /** Waits until a check has passed (status OK, not just the initial "not checked"). */
    void awaitChecked(RealServerKey k) {
        await().atMost(WAIT).until(() -> engine.status().stream().anyMatch(s -> s.key().equals(k)
                && s.up() && s.reason() == Reason.OK));
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ TCP_CHECK

    @Test
    void tcpCheckFromTheDipGoesDownWhenTheServerStopsAndComesBack() throws Exception {
        Channel server = servers.tcp(rs, 9000, null, servers::silent);
        RealServerKey k = key(rs, 9000);
        servers.sources.clear();
        start(RealServerTarget.of(k, new TcpCheck(ConnectOptions.DEFAULT.withBindTo(dip2), fast(CheckerKind.TCP_CHECK))));
        awaitChecked(k);
        assertThat(servers.sources).isNotEmpty().allMatch(dip2::equals);

        server.close().sync();
        RealServerHealthEvent down = awaitState(k, false, Reason.REFUSED);
        assertThat(down.detail()).contains("Connection refused");

        servers.tcp(rs, 9000, null, servers::silent);
        RealServerHealthEvent up = awaitState(k, true, Reason.OK);
        assertThat(up.weight()).isEqualTo(1);
        assertThat(engine.transport()).isEqualTo("epoll");
    }

    @Test
    void bindToAnAddressTheDirectorDoesNotHaveIsABindFailure() throws Exception {
        RealServerKey k = key(rs, 80);
        start(RealServerTarget.of(k, new TcpCheck(ConnectOptions.DEFAULT.withBindTo(
                InetAddress.getByName("198.51.100.1")), fast(CheckerKind.TCP_CHECK))));
        assertThat(awaitState(k, false, Reason.BIND_FAILED).detail()).contains("198.51.100.1");
    }

    // ------------------------------------------------------------------ HTTP_GET

    @Test
    void httpGetFollowsStatusAndDigestOverIpv4AndIpv6() throws Exception {
        String body = servers.body;
        RealServerKey k = key(rs, 80);
        RealServerKey k6 = key(rs6, 80);
        HttpGet status = HttpGet.of(false, UrlCheck.of("/status").withDigest(md5(body)), UrlCheck.of("/chunked")
                .withDigest(md5(body))).with(ConnectOptions.DEFAULT.withBindTo(dip2), fast(CheckerKind.HTTP_GET));
        HttpGet v6 = HttpGet.of(false, UrlCheck.of("/ok")).with(ConnectOptions.DEFAULT, fast(CheckerKind.HTTP_GET));
        servers.sources.clear();
        start(RealServerTarget.of(k, status), RealServerTarget.of(k6, v6));
        awaitChecked(k);
        awaitChecked(k6);
        assertThat(servers.sources).contains(dip2, InetAddress.getByName("2001:db8::1"));

        servers.httpStatus.set(503);
        assertThat(awaitState(k, false, Reason.HTTP_STATUS).detail())
                .isEqualTo("HTTP_GET: status 503 for /status (expected 200-299)");
        servers.httpStatus.set(200);
        awaitState(k, true, Reason.OK);
        servers.body = "changed body\n";
        try {
            assertThat(awaitState(k, false, Reason.DIGEST_MISMATCH).detail()).contains("expected " + md5(body));
        } finally {
            servers.body = body;
        }
        awaitState(k, true, Reason.OK);
    }

    @Test
    void httpGetSendsTheVirtualhost() throws Exception {
        RealServerKey k = key(rs, 80);
        String want = "Host: www.example.test";
        HttpGet h = HttpGet.of(false, UrlCheck.of("/host").withDigest(md5(want))).withVirtualhost("www.example.test")
                .with(ConnectOptions.DEFAULT, fast(CheckerKind.HTTP_GET));
        start(RealServerTarget.of(k, h));
        awaitChecked(k);
    }

    @Test
    void misbehavingServersFailWithTheirReasonWithinTheTimeoutAndBlockNothingElse() throws Exception {
        String digest = md5("anything");
        CheckTiming t = fast(CheckerKind.HTTP_GET).withConnectTimeout(Duration.ofMillis(1500));
        Map<Integer, Reason> expected = Map.of(8001, Reason.TIMEOUT, 8002, Reason.TIMEOUT, 8003,
                Reason.RESPONSE_TOO_LARGE, 8004, Reason.RESET, 8005, Reason.MALFORMED, 8006, Reason.RESPONSE_TOO_LARGE);
        List<RealServerTarget> targets = new java.util.ArrayList<>();
        for (int port : expected.keySet()) {
            targets.add(RealServerTarget.of(key(rs, port), HttpGet.of(false, UrlCheck.of("/x").withDigest(digest))
                    .with(ConnectOptions.DEFAULT, t)));
        }
        RealServerKey healthy = key(rs, 80);
        targets.add(RealServerTarget.of(healthy, HttpGet.of(false, UrlCheck.of("/ok")).with(ConnectOptions.DEFAULT,
                t)));
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        start(EngineOptions.defaults().withMaxResponseBytes(64 * 1024), targets.toArray(RealServerTarget[]::new));
        for (var e : expected.entrySet()) {
            RealServerHealthEvent down = awaitState(key(rs, e.getKey()), false, e.getValue());
            // the first attempt starts at once (warmup 0) and must end within connect_timeout (+ scheduling slack)
            long tookMs = (down.monotonicNanos() - events.get(0).monotonicNanos()) / 1_000_000;
            assertThat(tookMs).as("port %d: %s", e.getKey(), down.detail()).isLessThan(1500 + 500);
        }
        assertThat(last(key(rs, 8001)).orElseThrow().detail()).contains("status line");
        assertThat(last(key(rs, 8003)).orElseThrow().detail()).contains("body larger than 65536");
        // the healthy server was checked throughout, several times
        await().atMost(WAIT).until(() -> engine.status().stream().filter(s -> s.key().equals(healthy))
                .allMatch(s -> s.up() && s.checkers().get(0).attempts() >= 5));
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(after - before).as("heap growth while being flooded").isLessThan(256L << 20);
    }

    // ------------------------------------------------------------------ SSL_GET

    @Test
    void sslGetChecksHttpsWithSniAndVerification() throws Exception {
        RealServerKey plain = key(rs, 443);
        TlsOptions verify = new TlsOptions(certDir.resolve("cert.pem"), null, null, null, true, true, true);
        HttpGet sni = HttpGet.of(true, UrlCheck.of("/ok")).withVirtualhost("rs.example.test")
                .withTls(new TlsOptions(null, null, null, null, true, false, false))
                .with(ConnectOptions.DEFAULT, fast(CheckerKind.SSL_GET));
        HttpGet verified = HttpGet.of(true, UrlCheck.of("/ok")).withVirtualhost("rs.example.test").withTls(verify)
                .with(ConnectOptions.DEFAULT, fast(CheckerKind.SSL_GET));
        HttpGet wrongName = HttpGet.of(true, UrlCheck.of("/ok")).withVirtualhost("other.example.test")
                .withTls(verify).with(ConnectOptions.DEFAULT, fast(CheckerKind.SSL_GET));
        HttpGet garbage = HttpGet.of(true, UrlCheck.of("/ok")).with(ConnectOptions.DEFAULT.withConnectPort(8005),
                fast(CheckerKind.SSL_GET));
        HttpGet silent = HttpGet.of(true, UrlCheck.of("/ok")).with(ConnectOptions.DEFAULT.withConnectPort(8001),
                fast(CheckerKind.SSL_GET));
        servers.sniNames.clear();
        start(RealServerTarget.of(plain, HttpGet.of(true, UrlCheck.of("/ok")).with(ConnectOptions.DEFAULT,
                fast(CheckerKind.SSL_GET))),
                RealServerTarget.of(new RealServerKey("sni", rs, 443), sni),
                RealServerTarget.of(new RealServerKey("verified", rs, 443), verified),
                RealServerTarget.of(new RealServerKey("wrong-name", rs, 443), wrongName),
                RealServerTarget.of(new RealServerKey("garbage", rs, 443), garbage),
                RealServerTarget.of(new RealServerKey("silent", rs, 443), silent));
        awaitChecked(plain);
        awaitChecked(new RealServerKey("sni", rs, 443));
        awaitChecked(new RealServerKey("verified", rs, 443));
        assertThat(servers.sniNames).contains("rs.example.test", "<none>");
        assertThat(awaitState(new RealServerKey("wrong-name", rs, 443), false, Reason.TLS_FAILED).detail())
                .contains("TLS handshake");
        assertThat(awaitState(new RealServerKey("garbage", rs, 443), false, Reason.TLS_FAILED).detail())
                .contains("TLS");
        assertThat(awaitState(new RealServerKey("silent", rs, 443), false, Reason.TIMEOUT).detail())
                .contains("TLS handshake");
    }

    // ------------------------------------------------------------------ SMTP_CHECK

    @Test
    void smtpCheckFollowsTheHeloReply() throws Exception {
        RealServerKey k = key(rs, 25);
        servers.sources.clear();
        start(RealServerTarget.of(k, new SmtpCheck(ConnectOptions.DEFAULT.withBindTo(dip2),
                fast(CheckerKind.SMTP_CHECK), "vigil.example.test")));
        awaitChecked(k);
        assertThat(servers.sources).contains(dip2);
        servers.smtpHeloCode.set(554);
        try {
            assertThat(awaitState(k, false, Reason.SMTP_REPLY).detail()).contains("554 hello vigil.example.test");
        } finally {
            servers.smtpHeloCode.set(250);
        }
        awaitState(k, true, Reason.OK);
        RealServerKey wrong = key(rs, 8001);
        engine.update(List.of(RealServerTarget.of(wrong, new SmtpCheck(ConnectOptions.DEFAULT,
                fast(CheckerKind.SMTP_CHECK), "x"))));
        assertThat(awaitState(wrong, false, Reason.TIMEOUT).detail()).contains("GREETING reply");
    }

    // ------------------------------------------------------------------ DNS_CHECK (dnsmasq)

    @Test
    void dnsCheckAgainstDnsmasq() throws Exception {
        Path log = tmp.resolve("dnsmasq.log");
        String[] cmd = {"dnsmasq", "--no-daemon", "--keep-in-foreground", "--no-resolv", "--no-hosts",
            "--listen-address=192.0.2.10", "--bind-interfaces", "--port=53", "--log-queries",
            "--log-facility=-", "--pid-file=", "--address=/example.test/192.0.2.99"};
        Process dns = lab.start("rs", log, cmd);
        await().atMost(WAIT).until(() -> lab.execUnchecked("rs", "ss", "-lun").contains("192.0.2.10:53"));
        RealServerKey k = key(rs, 53);
        RealServerKey nx = new RealServerKey("refused", rs, 53);
        start(RealServerTarget.of(k, new DnsCheck(ConnectOptions.DEFAULT.withBindTo(dip2), fast(CheckerKind.DNS_CHECK),
                DnsCheck.Type.A, "www.example.test")),
                RealServerTarget.of(nx, new DnsCheck(ConnectOptions.DEFAULT, fast(CheckerKind.DNS_CHECK),
                        DnsCheck.Type.SOA, "elsewhere.invalid")));
        awaitChecked(k);
        assertThat(awaitState(nx, false, Reason.DNS_RCODE).detail()).contains("rcode 5 (REFUSED)");
        assertThat(Files.readString(log)).contains("from 192.0.2.2");

        NetnsLab.kill9(dns);
        assertThat(awaitState(k, false, Reason.REFUSED).detail()).contains("receive");
        lab.start("rs", log, cmd);
        awaitState(k, true, Reason.OK);
    }

    // ------------------------------------------------------------------ UDP_CHECK

    @Test
    void udpCheckWithAndWithoutRequiredReply() throws Exception {
        Map<String, Boolean> mute = new ConcurrentHashMap<>();
        Channel echo = servers.udpEcho(rs, 7, mute);
        byte[] payload = HexPattern.parse("76 69 67 69 6c", false).bytes();
        UdpCheck reply = new UdpCheck(ConnectOptions.DEFAULT.withBindTo(dip2), fast(CheckerKind.UDP_CHECK), payload,
                true, HexPattern.parse("7669xx", true), 3, 10);
        UdpCheck wrong = new UdpCheck(ConnectOptions.DEFAULT, fast(CheckerKind.UDP_CHECK), payload, true,
                HexPattern.parse("ff", true), 0, 255);
        UdpCheck icmpOnly = new UdpCheck(ConnectOptions.DEFAULT, fast(CheckerKind.UDP_CHECK)
                .withConnectTimeout(Duration.ofMillis(500)), null, false, null, 0, 255);
        RealServerKey k = key(rs, 7);
        RealServerKey kw = new RealServerKey("wrong", rs, 7);
        RealServerKey ki = new RealServerKey("icmp", rs, 7);
        servers.sources.clear();
        start(RealServerTarget.of(k, reply), RealServerTarget.of(kw, wrong), RealServerTarget.of(ki, icmpOnly));
        awaitChecked(k);
        awaitChecked(ki);
        assertThat(servers.sources).contains(dip2);
        assertThat(awaitState(kw, false, Reason.UDP_REPLY).detail()).contains("does not match");

        mute.put("mute", true);
        assertThat(awaitState(k, false, Reason.TIMEOUT).detail()).contains("no UDP reply");
        mute.clear();
        awaitState(k, true, Reason.OK);
        echo.close().sync();
        awaitState(ki, false, Reason.REFUSED);
        servers.udpEcho(rs, 7, mute);
        awaitState(ki, true, Reason.OK);
    }

    // ------------------------------------------------------------------ PING_CHECK

    @Test
    void pingCheckOverIcmpAndIcmpv6() throws Exception {
        InetAddress absent = InetAddress.getByName("192.0.2.77");
        RealServerKey k4 = key(rs, 0);
        RealServerKey k6 = key(rs6, 0);
        RealServerKey ka = key(absent, 0);
        RealServerKey kb = new RealServerKey("badbind", rs, 0);
        start(RealServerTarget.of(k4, new PingCheck(ConnectOptions.DEFAULT.withBindTo(dip2),
                fast(CheckerKind.PING_CHECK))),
                RealServerTarget.of(k6, new PingCheck(ConnectOptions.DEFAULT, fast(CheckerKind.PING_CHECK))),
                RealServerTarget.of(ka, new PingCheck(ConnectOptions.DEFAULT, fast(CheckerKind.PING_CHECK)
                        .withConnectTimeout(Duration.ofMillis(500)))),
                RealServerTarget.of(kb, new PingCheck(ConnectOptions.DEFAULT.withBindTo(
                        InetAddress.getByName("198.51.100.1")), fast(CheckerKind.PING_CHECK))));
        awaitChecked(k4);
        awaitChecked(k6);
        assertThat(awaitState(ka, false, Reason.TIMEOUT).detail()).contains("no echo reply from 192.0.2.77");
        assertThat(awaitState(kb, false, Reason.BIND_FAILED).detail()).contains("198.51.100.1");
        lab.exec("rs", "ip", "addr", "add", "192.0.2.77/24", "dev", "eth0");
        try {
            awaitState(ka, true, Reason.OK);
        } finally {
            lab.exec("rs", "ip", "addr", "del", "192.0.2.77/24", "dev", "eth0");
        }
    }

    // ------------------------------------------------------------------ MISC_CHECK, FILE_CHECK, trackers

    Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        p.toFile().setExecutable(true, false);
        tmp.toFile().setExecutable(true, false);
        tmp.toFile().setReadable(true, false);
        p.toFile().setReadable(true, false);
        return p;
    }

    @Test
    void miscCheckExitCodesDynamicWeightTimeoutUserAndSecurity() throws Exception {
        Path code = tmp.resolve("code");
        Files.writeString(code, "0");
        tmp.toFile().setWritable(true, false);
        code.toFile().setWritable(true, false);
        Path exit = script("exit.sh", "exit $(cat " + code + ")");
        Path pidFile = tmp.resolve("child.pid");
        Path hang = script("hang.sh", "sleep 300 & echo $! > " + pidFile + "\nwait");
        Path who = tmp.resolve("who");
        Path whoami = script("who.sh", "id -u > " + who);
        CheckTiming t = fast(CheckerKind.MISC_CHECK);
        RealServerKey k = key(rs, 1);
        RealServerKey kh = key(rs, 2);
        RealServerKey ku = key(rs, 3);
        MiscCheck dynamic = new MiscCheck(t, List.of(exit.toString()), Duration.ofSeconds(5), true, null);
        MiscCheck hanging = new MiscCheck(t, List.of(hang.toString()), Duration.ofMillis(500), false, null);
        MiscCheck asNobody = new MiscCheck(t, List.of(whoami.toString()), null, false, ScriptUser.of("nobody"));
        start(new RealServerTarget(k, 3, false, List.of(dynamic)), RealServerTarget.of(kh, hanging),
                RealServerTarget.of(ku, asNobody));
        awaitChecked(k);
        assertThat(last(k).orElseThrow().weight()).isEqualTo(3);
        Files.writeString(code, "12");
        await().atMost(WAIT).until(() -> last(k).filter(e -> e.up() && e.weight() == 10).isPresent());
        Files.writeString(code, "1");
        assertThat(awaitState(k, false, Reason.SCRIPT_EXIT).detail()).contains("exited with 1");

        assertThat(awaitState(kh, false, Reason.SCRIPT_TIMEOUT).detail()).contains("killed its process group");
        long child = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(WAIT).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));

        awaitChecked(ku);
        assertThat(Files.readString(who).trim()).isEqualTo("65534");
    }

    @Test
    void scriptSecurityRefusesRoot() throws Exception {
        Path ok = script("ok.sh", "exit 0");
        RealServerKey k = key(rs, 1);
        start(EngineOptions.defaults().withScriptSecurity(new ScriptSecurity(null, true)),
                RealServerTarget.of(k, new MiscCheck(fast(CheckerKind.MISC_CHECK), List.of(ok.toString()), null,
                        false, null)),
                RealServerTarget.of(key(rs, 2), new MiscCheck(fast(CheckerKind.MISC_CHECK), List.of(ok.toString()),
                        null, false, ScriptUser.of("nobody"))));
        assertThat(awaitState(k, false, Reason.SCRIPT_REFUSED).detail()).contains("as root");
        awaitChecked(key(rs, 2));
    }

    @Test
    void fileCheckAndTrackersFollowTheirSources() throws Exception {
        Path value = tmp.resolve("weight");
        TrackFile tf = new TrackFile("tf", value, 1, false, 0L, false);
        RealServerKey k = key(rs, 1);
        FileCheck fc = new FileCheck(tf, true, 2, false, CheckTiming.defaults(CheckerKind.FILE_CHECK,
                Duration.ofMillis(200)).withWarmup(Duration.ZERO));
        Path flag = tmp.resolve("flag");
        Files.writeString(flag, "0");
        VrrpScript chk = new VrrpScript("chk", ScriptCommandLine.split("/bin/sh -c 'exit $(cat " + flag + ")'"),
                Duration.ofMillis(200), null, -10, false, 2, 2, null, false);
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            start(new RealServerTarget(k, 5, false, List.of(fc)));
            engine.updateTrackers(List.of(chk), List.of(tf), List.of(TrackProcess.of("sleepers", "sleep")));
            assertThat(Files.readString(value).trim()).isEqualTo("0"); // init_file created it
            awaitChecked(k);
            Files.writeString(value, "4\n");
            await().atMost(WAIT).until(() -> last(k).filter(e -> e.weight() == 13).isPresent());
            Files.writeString(value, "-10\n");
            awaitState(k, false, Reason.FILE_VALUE);

            await().atMost(WAIT).until(() -> trackerEvents.stream().anyMatch(e -> e.name().equals("sleepers")
                    && e.ok() && e.value() >= 1));
            await().atMost(WAIT).until(() -> trackerEvents.stream().anyMatch(e -> e.name().equals("tf")
                    && e.value() == -10 && e.ok()));
            Files.writeString(flag, "1");
            await().atMost(WAIT).until(() -> trackerEvents.stream().anyMatch(e -> e.name().equals("chk") && !e.ok()
                    && e.state().faultName().equals("script:chk")));
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
