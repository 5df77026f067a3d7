package io.vigil.healthcheck.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import io.vigil.healthcheck.engine.Probe;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.Reason;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One TCP (optionally TLS) attempt: connect from the configured source, run the conversation, and report once.
 * A single timer bounds the whole exchange, so a server that accepts and never answers, or trickles a byte a
 * second, fails at connect_timeout; reads go through a fixed small buffer and are released at once, so a flood
 * costs no memory. Confined to the Netty loop.
 *
 * <p>Thousands of these run a second, so an attempt allocates little: its {@link Spec} is made once per checker,
 * the read buffer is the loop's (reads are handled one at a time on it), and the probe is the channel's only
 * handler unless TLS needs one before it.
 */
final class TcpAttempt extends ChannelAttempt {

    /** Everything an attempt needs besides its conversation, made once per checker. */
    record Spec(InetSocketAddress remote, InetSocketAddress local, long timeoutNanos,
            Consumer<Bootstrap> options, Supplier<SslHandler> tls) {
    }

    /** The size of the read buffer every attempt of a loop shares. */
    static final int READ_CHUNK = 8192;
    /** Stateless: one for every attempt. */
    private static final FixedRecvByteBufAllocator RECV = new FixedRecvByteBufAllocator(READ_CHUNK);

    private final EventLoop loop;
    private final Transport transport;
    private final Spec spec;
    private final Conversation conversation;
    private final byte[] scratch;
    private final ProbeResult connected;
    private String phase = "connect";

    /**
     * @param scratch the loop's read buffer ({@link #READ_CHUNK} bytes), shared by every attempt on it
     * @param connected the result of a connection without conversation (TCP_CHECK), made once per checker
     */
    TcpAttempt(EventLoop loop, Transport transport, Spec spec, Conversation conversation, byte[] scratch,
            ProbeResult connected, Consumer<ProbeResult> done) {
        super(done);
        this.loop = loop;
        this.transport = transport;
        this.spec = spec;
        this.conversation = conversation;
        this.scratch = scratch;
        this.connected = connected;
    }

    TcpAttempt start() {
        timer = loop.schedule(this::timeout, spec.timeoutNanos(), TimeUnit.NANOSECONDS);
        Bootstrap b = new Bootstrap().group(loop).channelFactory(transport.socket())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(spec.timeoutNanos()) + 1000))
                .option(ChannelOption.RCVBUF_ALLOCATOR, RECV)
                .option(ChannelOption.AUTO_CLOSE, true);
        if (spec.tls() == null) {
            b.handler(this);
        } else {
            b.handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast("tls", spec.tls().get());
                    ch.pipeline().addLast("probe", TcpAttempt.this);
                }
            });
        }
        spec.options().accept(b);
        if (spec.local() != null) {
            b.localAddress(spec.local());
        }
        ChannelFuture f;
        try {
            f = b.connect(spec.remote());
        } catch (RuntimeException e) {
            finish(Failures.classify(e, "connect"));
            return this;
        }
        channel = f.channel();
        f.addListener(cf -> {
            if (!cf.isSuccess()) {
                finish(Failures.classify(cf.cause(), spec.local() != null && phase.equals("connect")
                        ? "connect from " + spec.local().getAddress().getHostAddress() : "connect"));
                return;
            }
            if (spec.tls() != null) {
                phase = "TLS handshake";
                SslHandler ssl = channel.pipeline().get(SslHandler.class);
                ssl.handshakeFuture().addListener(hf -> {
                    if (hf.isSuccess()) {
                        converse();
                    } else {
                        finish(Failures.classify(hf.cause(), "TLS handshake"));
                    }
                });
            } else {
                converse();
            }
        });
        return this;
    }

    private void converse() {
        if (finished) {
            return;
        }
        if (conversation == null) {
            finish(connected);
            return;
        }
        phase = "waiting for " + conversation.waitingFor();
        send(conversation.opening());
    }

    private void send(byte[] bytes) {
        if (bytes != null && bytes.length > 0 && !finished) {
            channel.writeAndFlush(channel.alloc().buffer(bytes.length).writeBytes(bytes)).addListener(wf -> {
                if (!wf.isSuccess()) {
                    finish(Failures.classify(wf.cause(), "send"));
                }
            });
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            while (!finished && buf.isReadable()) {
                int n = Math.min(buf.readableBytes(), scratch.length);
                buf.readBytes(scratch, 0, n);
                ProbeResult r = conversation == null ? null : conversation.onData(scratch, 0, n, this::send);
                if (r != null) {
                    finish(r);
                }
            }
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!finished) {
            if (conversation != null && !phase.equals("connect") && !phase.equals("TLS handshake")) {
                finish(conversation.onEof());
            } else {
                finish(ProbeResult.fail(Reason.CLOSED, "closed during " + phase));
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(Failures.classify(cause, phase));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // TLS close_notify and similar: nothing to do, closure is reported by channelInactive
        ctx.fireUserEventTriggered(evt);
    }

    private void timeout() {
        if (conversation != null && phase.startsWith("waiting")) {
            phase = "waiting for " + conversation.waitingFor();
        }
        finish(ProbeResult.fail(Reason.TIMEOUT, "no answer within " + spec.timeoutNanos() / 1_000_000 + " ms ("
                + phase + ")"));
    }

    static String addr(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
