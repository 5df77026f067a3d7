package io.vigil.healthcheck.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.RawUnixChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vigil.healthcheck.codec.DnsMessage;
import io.vigil.healthcheck.codec.HttpVerdict;
import io.vigil.healthcheck.engine.Probe;
import io.vigil.healthcheck.engine.ProbeFactory;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.PingSocket;
import io.vigil.healthcheck.icmp.IcmpEcho;
import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.ConnectOptions;
import io.vigil.healthcheck.model.DnsCheck;
import io.vigil.healthcheck.model.FileCheck;
import io.vigil.healthcheck.model.HttpGet;
import io.vigil.healthcheck.model.MiscCheck;
import io.vigil.healthcheck.model.PingCheck;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.SmtpCheck;
import io.vigil.healthcheck.model.TcpCheck;
import io.vigil.healthcheck.model.TlsOptions;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.UdpCheck;
import io.vigil.healthcheck.model.UrlCheck;
import io.vigil.healthcheck.model.VrrpScript;
import io.vigil.healthcheck.script.ScriptOutcome;
import io.vigil.healthcheck.script.ScriptRunner;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.Reason;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The production {@link ProbeFactory}: network probes on one Netty event loop (the engine's), ICMP through
 * {@link IcmpEcho} (created on first PING_CHECK), scripts through {@link ScriptRunner}, files and /proc through a
 * blocking executor. Every probe reports on the loop.
 */
public final class NettyProbeFactory implements ProbeFactory, AutoCloseable {

    private static final IntegerUnixChannelOption SO_MARK = new IntegerUnixChannelOption("SO_MARK", 1, 36);
    private static final int SO_BINDTODEVICE = 25;

    private final EventLoop loop;
    private final Transport transport;
    private final ScriptRunner scripts;
    private final Executor blocking;
    private final PingSocket.Factory pings;
    private final ThreadFactory icmpThreads;
    private final int maxResponseBytes;
    private final RandomGenerator random;
    private final Path proc;
    private final Map<TlsOptions, Object> sslContexts = new HashMap<>();
    /** The read buffer of every TCP attempt: they run on the one loop and handle a read at a time. */
    private final byte[] scratch = new byte[TcpAttempt.READ_CHUNK];
    private IcmpEcho icmp;

    /**
     * @param loop the engine's event loop: every probe runs and reports on it
     * @param blocking runs file and /proc reads
     * @param pings opens ping sockets
     * @param icmpThreads makes the ICMP receiving threads
     * @param maxResponseBytes bound on an HTTP body
     */
    public NettyProbeFactory(EventLoop loop, Transport transport, ScriptRunner scripts, Executor blocking,
            PingSocket.Factory pings, ThreadFactory icmpThreads, int maxResponseBytes, RandomGenerator random) {
        this(loop, transport, scripts, blocking, pings, icmpThreads, maxResponseBytes, random, Path.of("/proc"));
    }

    NettyProbeFactory(EventLoop loop, Transport transport, ScriptRunner scripts, Executor blocking,
            PingSocket.Factory pings, ThreadFactory icmpThreads, int maxResponseBytes, RandomGenerator random,
            Path proc) {
        this.loop = loop;
        this.transport = transport;
        this.scripts = scripts;
        this.blocking = blocking;
        this.pings = pings;
        this.icmpThreads = icmpThreads;
        this.maxResponseBytes = maxResponseBytes;
        this.random = random;
        this.proc = proc;
    }

    @Override
    public Probe checker(RealServerKey key, CheckerConfig config) {
        if (config instanceof TcpCheck c) {
            Object spec = spec(key, c.connect(), c.timing().connectTimeout().toNanos(), 0, null);
            ProbeResult connected = spec instanceof TcpAttempt.Spec t
                    ? ProbeResult.ok("connected to " + TcpAttempt.addr(t.remote())) : null;
            return done -> tcp(spec, null, connected, done);
        }
        if (config instanceof HttpGet h) {
            return httpProbe(key, h);
        }
        if (config instanceof SmtpCheck s) {
            Object spec = spec(key, s.connect(), s.timing().connectTimeout().toNanos(), 25, null);
            return done -> tcp(spec, new SmtpConversation(s.heloName()), null, done);
        }
        if (config instanceof DnsCheck d) {
            return done -> dns(key, d, done);
        }
        if (config instanceof UdpCheck u) {
            return done -> udp(key, u, done);
        }
        if (config instanceof PingCheck p) {
            return done -> ping(key, p, done);
        }
        if (config instanceof MiscCheck m) {
            return done -> {
                ScriptRunner.Run run = scripts.run(m.command(), m.user(), m.effectiveTimeout(), loop,
                        o -> done.accept(miscResult(m, o)));
                return run::cancel;
            };
        }
        if (config instanceof FileCheck f) {
            return offLoop(() -> LocalProbes.fileCheck(f, LocalProbes.readTrackFile(f.trackFile().file())));
        }
        throw new IllegalArgumentException("no probe for " + config.kind());
    }

    @Override
    public Probe script(VrrpScript s) {
        return done -> {
            ScriptRunner.Run run = scripts.run(s.script(), s.user(), s.effectiveTimeout(), loop,
                    o -> done.accept(scriptResult(o, false)));
            return run::cancel;
        };
    }

    @Override
    public Probe file(TrackFile f) {
        return offLoop(() -> LocalProbes.readTrackFile(f.file()));
    }

    @Override
    public Probe processes(TrackProcess p) {
        return offLoop(() -> LocalProbes.countProcesses(proc, p));
    }

    /** A probe whose work blocks: run on the blocking executor, report on the loop. */
    private Probe offLoop(Supplier<ProbeResult> work) {
        return done -> {
            boolean[] cancelled = new boolean[1];
            try {
                blocking.execute(() -> {
                    ProbeResult r;
                    try {
                        r = work.get();
                    } catch (RuntimeException e) {
                        r = ProbeResult.fail(Reason.IO_ERROR, e.toString());
                    }
                    ProbeResult result = r;
                    loop.execute(() -> {
                        if (!cancelled[0]) {
                            done.accept(result);
                        }
                    });
                });
            } catch (RejectedExecutionException e) {
                loop.execute(() -> done.accept(ProbeResult.fail(Reason.IO_ERROR, "blocking pool saturated")));
            }
            return () -> cancelled[0] = true;
        };
    }

    // ---------------------------------------------------------------- TCP and TLS

    /**
     * The spec of a checker's TCP attempts, made once: the addresses, options and timeout, or the failure every
     * attempt reports when the options cannot be honoured on this transport.
     */
    private Object spec(RealServerKey key, ConnectOptions co, long timeoutNanos, int defaultPort,
            Supplier<SslHandler> tls) {
        ProbeResult bad = unsupported(co);
        if (bad != null) {
            return bad;
        }
        InetSocketAddress remote = remote(key, co, defaultPort);
        return new TcpAttempt.Spec(remote, local(co, remote), timeoutNanos, b -> options(b, co, true), tls);
    }

    private Probe.Attempt tcp(Object spec, Conversation conversation, ProbeResult connected,
            Consumer<ProbeResult> done) {
        if (spec instanceof ProbeResult bad) {
            loop.execute(() -> done.accept(bad));
            return () -> { };
        }
        return new TcpAttempt(loop, transport, (TcpAttempt.Spec) spec, conversation, scratch, connected, done)
                .start();
    }

    /** One url of an HTTP checker, with everything its attempts share. */
    private record HttpUrl(UrlCheck url, Object spec, byte[] request, Pattern pattern) {
    }

    private Probe httpProbe(RealServerKey key, HttpGet h) {
        int defaultPort = h.ssl() ? 443 : 80;
        long timeout = h.timing().connectTimeout().toNanos();
        InetSocketAddress remote = remote(key, h.connect(), defaultPort);
        List<HttpUrl> urls = new java.util.ArrayList<>();
        for (UrlCheck url : h.urls()) {
            String vhost = url.virtualhost() != null ? url.virtualhost() : h.virtualhost();
            String host = vhost != null ? vhost : hostHeader(remote, defaultPort);
            Object spec;
            if (h.ssl() && sslContext(h.tls()) instanceof String err) {
                spec = ProbeResult.fail(Reason.TLS_FAILED, err);
            } else {
                Supplier<SslHandler> tls = !h.ssl() ? null : () -> sslHandler((SslContext) sslContext(h.tls()),
                        h.tls(), vhost, remote, h.timing().connectTimeout().toMillis());
                spec = spec(key, h.connect(), timeout, defaultPort, tls);
            }
            urls.add(new HttpUrl(url, spec, HttpVerdict.request(url.path(), host, h.httpProtocol()),
                    url.compiledRegex()));
        }
        ProbeResult passed = ProbeResult.ok(h.urls().size() == 1 ? "status ok for " + h.urls().get(0).path()
                : "all " + h.urls().size() + " urls pass");
        return done -> {
            // the urls in order, each on its own connection; the first failure ends the round
            Probe.Attempt[] current = new Probe.Attempt[1];
            boolean[] cancelled = new boolean[1];
            Consumer<Integer>[] next = newConsumerArray();
            next[0] = i -> {
                if (cancelled[0]) {
                    return;
                }
                if (i == urls.size()) {
                    done.accept(passed);
                    return;
                }
                HttpUrl u = urls.get(i);
                Conversation conv = new HttpConversation(u.url(), u.request(), u.pattern(), maxResponseBytes);
                current[0] = tcp(u.spec(), conv, null, r -> {
                    if (r.ok()) {
                        next[0].accept(i + 1);
                    } else {
                        done.accept(r);
                    }
                });
            };
            next[0].accept(0);
            return () -> {
                cancelled[0] = true;
                if (current[0] != null) {
                    current[0].cancel();
                }
            };
        };
    }

    @SuppressWarnings("unchecked")
    private static Consumer<Integer>[] newConsumerArray() {
        return new Consumer[1];
    }

    /** The SslContext of these options, or an error message. */
    private Object sslContext(TlsOptions t) {
        return sslContexts.computeIfAbsent(t, o -> {
            try {
                SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
                if (!o.verifyPeer()) {
                    b.trustManager(InsecureTrustManagerFactory.INSTANCE);
                } else if (o.ca() != null) {
                    b.trustManager(o.ca().toFile());
                }
                if (o.certificate() != null) {
                    b.keyManager(o.certificate().toFile(), o.key().toFile(), o.password());
                }
                return b.build();
            } catch (Exception e) {
                return "cannot set up TLS: " + e.getMessage();
            }
        });
    }

    private static SslHandler sslHandler(SslContext ctx, TlsOptions t, String vhost, InetSocketAddress remote,
            long timeoutMillis) {
        String peer = vhost != null ? vhost : remote.getAddress().getHostAddress();
        SslHandler h = t.enableSni() || t.verifyHostname()
                ? ctx.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, peer, remote.getPort())
                : ctx.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT);
        if (t.verifyHostname()) {
            javax.net.ssl.SSLParameters p = h.engine().getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            h.engine().setSSLParameters(p);
        }
        if (!t.enableSni()) {
            javax.net.ssl.SSLParameters p = h.engine().getSSLParameters();
            p.setServerNames(List.of());
            h.engine().setSSLParameters(p);
        }
        h.setHandshakeTimeoutMillis(timeoutMillis + 1000); // our own timer fires first, with a better reason
        return h;
    }

    // ---------------------------------------------------------------- UDP: DNS and UDP_CHECK

    private Probe.Attempt dns(RealServerKey key, DnsCheck d, Consumer<ProbeResult> done) {
        ProbeResult bad = unsupported(d.connect());
        if (bad != null) {
            loop.execute(() -> done.accept(bad));
            return () -> { };
        }
        int id = random.nextInt(0x10000);
        byte[] query = DnsMessage.query(id, d.name(), d.type().code);
        InetSocketAddress remote = remote(key, d.connect(), 53);
        String[] ignored = {null};
        int[] ignoredCount = {0};
        TcpAttempt.Spec spec = new TcpAttempt.Spec(remote, local(d.connect(), remote),
                d.timing().connectTimeout().toNanos(), b -> options(b, d.connect(), false), null);
        return new DatagramAttempt(loop, transport, spec, query, reply -> {
            DnsMessage.Response r;
            try {
                r = DnsMessage.decode(reply, reply.length);
            } catch (DnsMessage.DnsFormatException e) {
                ignoredCount[0]++;
                ignored[0] = e.getMessage();
                return null;
            }
            if (r.id() != id || !r.response()) {
                ignoredCount[0]++;
                ignored[0] = r.response() ? "id " + r.id() + " instead of " + id : "a query, not a response";
                return null;
            }
            if (r.rcode() != 0) {
                return ProbeResult.fail(Reason.DNS_RCODE, "rcode " + r.rcode() + " (" + rcodeName(r.rcode())
                        + ") for " + d.type() + " " + d.name());
            }
            return ProbeResult.ok("NOERROR with " + r.ancount() + " answers for " + d.type() + " " + d.name());
        }, () -> ProbeResult.fail(Reason.TIMEOUT, "no DNS answer within " + d.timing().connectTimeout().toMillis()
                + " ms" + (ignoredCount[0] > 0 ? " (" + ignoredCount[0] + " datagrams ignored, last: " + ignored[0]
                        + ")" : "")), done).start();
    }

    private static String rcodeName(int rcode) {
        return switch (rcode) {
            case 1 -> "FORMERR";
            case 2 -> "SERVFAIL";
            case 3 -> "NXDOMAIN";
            case 4 -> "NOTIMP";
            case 5 -> "REFUSED";
            default -> "rcode " + rcode;
        };
    }

    private Probe.Attempt udp(RealServerKey key, UdpCheck u, Consumer<ProbeResult> done) {
        ProbeResult bad = unsupported(u.connect());
        if (bad != null) {
            loop.execute(() -> done.accept(bad));
            return () -> { };
        }
        byte[] payload = u.payload();
        if (payload == null) {
            payload = new byte[16];
            random.nextBytes(payload);
        }
        InetSocketAddress remote = remote(key, u.connect(), 0);
        TcpAttempt.Spec spec = new TcpAttempt.Spec(remote, local(u.connect(), remote),
                u.timing().connectTimeout().toNanos(), b -> options(b, u.connect(), false), null);
        long ms = u.timing().connectTimeout().toMillis();
        return new DatagramAttempt(loop, transport, spec, payload, reply -> {
            if (!u.requireReply()) {
                return ProbeResult.ok("reply of " + reply.length + " bytes");
            }
            if (reply.length < u.minReplyLength() || reply.length > u.maxReplyLength()) {
                return ProbeResult.fail(Reason.UDP_REPLY, "reply of " + reply.length + " bytes, expected "
                        + u.minReplyLength() + ".." + u.maxReplyLength());
            }
            if (u.replyPattern() != null && !u.replyPattern().matches(reply, reply.length)) {
                return ProbeResult.fail(Reason.UDP_REPLY, "reply does not match " + u.replyPattern());
            }
            return ProbeResult.ok("reply of " + reply.length + " bytes matches");
        }, () -> u.requireReply()
                ? ProbeResult.fail(Reason.TIMEOUT, "no UDP reply within " + ms + " ms")
                : ProbeResult.ok("no ICMP error within " + ms + " ms"), done).start();
    }

    // ---------------------------------------------------------------- ICMP

    private Probe.Attempt ping(RealServerKey key, PingCheck p, Consumer<ProbeResult> done) {
        ConnectOptions co = p.connect();
        InetAddress target = co.connectIp() != null ? co.connectIp() : key.address();
        long ms = p.timing().connectTimeout().toMillis();
        boolean[] finished = {false};
        IcmpEcho.Pending pending;
        try {
            if (icmp == null) {
                icmp = new IcmpEcho(pings, loop, icmpThreads);
            }
            pending = icmp.send(target, co.bindTo(), co.bindIf(), co.fwmark(), reply -> {
                if (!finished[0]) {
                    finished[0] = true;
                    done.accept(ProbeResult.ok("echo reply from " + reply.from().getHostAddress()));
                }
            });
        } catch (KernelException e) {
            String op = e.operation();
            Reason r = op.startsWith("bind") || op.startsWith("setsockopt") ? Reason.BIND_FAILED
                    : op.startsWith("sendto") ? Reason.UNREACHABLE : Reason.PING_UNAVAILABLE;
            ProbeResult fail = ProbeResult.fail(r, e.getMessage());
            loop.execute(() -> done.accept(fail));
            return () -> finished[0] = true;
        }
        ScheduledFuture<?> timer = loop.schedule(() -> {
            if (!finished[0]) {
                finished[0] = true;
                pending.cancel();
                done.accept(ProbeResult.fail(Reason.TIMEOUT, "no echo reply from " + target.getHostAddress()
                        + " within " + ms + " ms"));
            }
        }, p.timing().connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        return () -> {
            finished[0] = true;
            pending.cancel();
            timer.cancel(false);
        };
    }

    // ---------------------------------------------------------------- scripts

    static ProbeResult miscResult(MiscCheck m, ScriptOutcome o) {
        if (o.kind() == ScriptOutcome.Kind.EXITED && m.dynamic() && o.exitCode() >= 2 && o.exitCode() <= 255) {
            return ProbeResult.okWithWeight(o.detail() + ": weight " + (o.exitCode() - 2), o.exitCode() - 2);
        }
        return scriptResult(o, m.dynamic());
    }

    static ProbeResult scriptResult(ScriptOutcome o, boolean dynamic) {
        return switch (o.kind()) {
            case EXITED -> o.exitCode() == 0 ? ProbeResult.ok(o.detail())
                    : ProbeResult.fail(Reason.SCRIPT_EXIT, o.detail());
            case TIMED_OUT -> ProbeResult.fail(Reason.SCRIPT_TIMEOUT, o.detail());
            case REFUSED -> ProbeResult.fail(Reason.SCRIPT_REFUSED, o.detail());
            case FAILED_TO_START -> ProbeResult.fail(Reason.SCRIPT_ERROR, o.detail());
        };
    }

    // ---------------------------------------------------------------- addresses and options

    static InetSocketAddress remote(RealServerKey key, ConnectOptions co, int defaultPort) {
        InetAddress ip = co.connectIp() != null ? co.connectIp() : key.address();
        int port = co.connectPort() != null ? co.connectPort() : key.port() != 0 ? key.port() : defaultPort;
        return new InetSocketAddress(ip, port);
    }

    static InetSocketAddress local(ConnectOptions co, InetSocketAddress remote) {
        if (co.bindTo() == null && co.bindPort() == null) {
            return null;
        }
        int port = co.bindPort() == null ? 0 : co.bindPort();
        if (co.bindTo() != null) {
            return new InetSocketAddress(co.bindTo(), port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(remote.getAddress() instanceof Inet6Address
                    ? new byte[16] : new byte[4]), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostHeader(InetSocketAddress remote, int defaultPort) {
        String h = remote.getAddress().getHostAddress();
        if (h.indexOf(':') >= 0) {
            h = "[" + h + "]";
        }
        return remote.getPort() == defaultPort ? h : h + ":" + remote.getPort();
    }

    private ProbeResult unsupported(ConnectOptions co) {
        if ((co.fwmark() != null || co.bindIf() != null) && !transport.rawOptions()) {
            return ProbeResult.fail(Reason.BIND_FAILED, "fwmark and bind_if need the epoll transport (this is "
                    + transport.name() + ")");
        }
        return null;
    }

    private void options(Bootstrap b, ConnectOptions co, boolean tcp) {
        if (co.fwmark() != null) {
            b.option(SO_MARK, co.fwmark());
        }
        if (co.bindIf() != null) {
            byte[] name = (co.bindIf() + "\0").getBytes(StandardCharsets.US_ASCII);
            b.option(new RawUnixChannelOption("SO_BINDTODEVICE", 1, SO_BINDTODEVICE, name.length),
                    ByteBuffer.allocateDirect(name.length).put(name).flip());
        }
        if (co.bindPort() != null && co.bindPort() != 0) {
            // a fixed source port: allow rebinding it at once, and close with RST so no TIME_WAIT blocks the next
            b.option(ChannelOption.SO_REUSEADDR, true);
            if (tcp) {
                b.option(ChannelOption.SO_LINGER, 0);
            }
        }
    }

    @Override
    public void close() {
        if (icmp != null) {
            icmp.close();
        }
    }
}
