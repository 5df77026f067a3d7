package io.vigil.healthcheck.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.vigil.healthcheck.engine.Probe;
import io.vigil.healthcheck.state.ProbeResult;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One UDP attempt on a connected datagram socket (so the kernel drops datagrams from elsewhere and reports ICMP
 * port unreachable as an error): send one datagram, then hand each reply to {@code onReply} until it returns a
 * result or the time runs out. A flood of datagrams is read through a fixed buffer and dropped one by one.
 */
final class DatagramAttempt extends ChannelAttempt {

    private static final int MAX_DATAGRAM = 4096;
    /** Stateless: one for every attempt. */
    private static final FixedRecvByteBufAllocator RECV = new FixedRecvByteBufAllocator(MAX_DATAGRAM);

    private final EventLoop loop;
    private final Transport transport;
    private final TcpAttempt.Spec spec;
    private final byte[] payload;
    private final Function<byte[], ProbeResult> onReply;
    private final java.util.function.Supplier<ProbeResult> onTimeout;

    DatagramAttempt(EventLoop loop, Transport transport, TcpAttempt.Spec spec, byte[] payload,
            Function<byte[], ProbeResult> onReply, java.util.function.Supplier<ProbeResult> onTimeout,
            Consumer<ProbeResult> done) {
        super(done);
        this.loop = loop;
        this.transport = transport;
        this.spec = spec;
        this.payload = payload;
        this.onReply = onReply;
        this.onTimeout = onTimeout;
    }

    DatagramAttempt start() {
        timer = loop.schedule(() -> finish(onTimeout.get()), spec.timeoutNanos(), TimeUnit.NANOSECONDS);
        Bootstrap b = new Bootstrap().group(loop).channelFactory(transport.datagram())
                .option(ChannelOption.RCVBUF_ALLOCATOR, RECV)
                .handler(this);
        spec.options().accept(b);
        ChannelFuture f;
        try {
            f = spec.local() != null ? b.connect(spec.remote(), spec.local()) : b.connect(spec.remote());
        } catch (RuntimeException e) {
            finish(Failures.classify(e, "connect"));
            return this;
        }
        channel = f.channel();
        f.addListener(cf -> {
            if (!cf.isSuccess()) {
                finish(Failures.classify(cf.cause(), spec.local() != null
                        ? "bind " + spec.local().getAddress().getHostAddress() : "connect"));
                return;
            }
            channel.writeAndFlush(channel.alloc().buffer(payload.length).writeBytes(payload)).addListener(wf -> {
                if (!wf.isSuccess()) {
                    finish(Failures.classify(wf.cause(), "send"));
                }
            });
        });
        return this;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf content = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
        try {
            if (finished) {
                return;
            }
            byte[] data = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), data);
            ProbeResult r = onReply.apply(data);
            if (r != null) {
                finish(r);
            }
        } finally {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        finish(Failures.classify(cause, "receive"));
    }
}
