package io.vigil.healthcheck.it;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SniHandler;
import io.vigil.kernel.nativ.NetNamespace;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real servers for the integration tests, opened inside a lab namespace: an HTTP(S) server with per-path
 * behaviour, servers that misbehave (never answer, trickle, endless body, reset, garbage, flood), SMTP, UDP echo.
 * Each records the source address of every client, so tests can check where probes came from.
 */
final class TestServers implements AutoCloseable {

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final String ns;
    final Queue<InetAddress> sources = new ConcurrentLinkedQueue<>();
    final Queue<String> sniNames = new ConcurrentLinkedQueue<>();
    final AtomicInteger httpStatus = new AtomicInteger(200);
    final AtomicInteger smtpHeloCode = new AtomicInteger(250);
    volatile String body = "hello from the real server\n";
    private final List<Channel> channels = new CopyOnWriteArrayList<>();

    TestServers(String ns) {
        this.ns = ns;
    }

    /** Binds a TCP server inside the namespace (the socket is created by this thread, after setns). */
    Channel tcp(InetAddress addr, int port, SslContext tls, java.util.function.Supplier<ChannelInboundHandlerAdapter>
            handler) throws Exception {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        sources.add(ch.remoteAddress().getAddress());
                        if (tls != null) {
                            ch.pipeline().addLast(new SniHandler(host -> {
                                sniNames.add(host == null ? "<none>" : host);
                                return tls;
                            }));
                        }
                        ch.pipeline().addLast(handler.get());
                    }
                });
        Channel c = NetNamespace.call(ns, () -> b.bind(new InetSocketAddress(addr, port)).sync().channel());
        channels.add(c);
        return c;
    }

    Channel udpEcho(InetAddress addr, int port, Map<String, Boolean> mute) throws Exception {
        Bootstrap b = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        DatagramPacket p = (DatagramPacket) msg;
                        sources.add(p.sender().getAddress());
                        if (mute.isEmpty()) {
                            ctx.writeAndFlush(new DatagramPacket(p.content().retain(), p.sender()));
                        }
                        p.release();
                    }
                });
        Channel c = NetNamespace.call(ns, () -> b.bind(new InetSocketAddress(addr, port)).sync().channel());
        channels.add(c);
        return c;
    }

    /** Reads a request head and answers by path: /ok, /status (httpStatus), /chunked, /slow-head. */
    ChannelInboundHandlerAdapter http() {
        return new ChannelInboundHandlerAdapter() {
            final StringBuilder head = new StringBuilder();

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                head.append(b.toString(StandardCharsets.ISO_8859_1));
                b.release();
                int end = head.indexOf("\r\n\r\n");
                if (end < 0) {
                    return;
                }
                String path = head.substring(4, head.indexOf(" ", 4));
                String resp;
                if (path.equals("/chunked")) {
                    resp = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length())
                            + "\r\n" + body + "\r\n0\r\n\r\n";
                } else if (path.equals("/host")) {
                    String h = head.toString().lines().filter(l -> l.startsWith("Host: ")).findFirst().orElse("none");
                    resp = "HTTP/1.0 200 OK\r\nContent-Length: " + h.length() + "\r\n\r\n" + h;
                } else {
                    int st = path.equals("/status") ? httpStatus.get() : 200;
                    resp = "HTTP/1.0 " + st + " X\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                            + "\r\n\r\n" + body;
                }
                ctx.writeAndFlush(Unpooled.copiedBuffer(resp, StandardCharsets.ISO_8859_1))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        };
    }

    /** Accepts and never answers. */
    ChannelInboundHandlerAdapter silent() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
            }
        };
    }

    /** Sends a valid response one byte a second. */
    ChannelInboundHandlerAdapter trickle() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                byte[] r = "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < r.length; i++) {
                    int k = i;
                    ctx.executor().schedule(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {r[k]})),
                            i, TimeUnit.SECONDS);
                }
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
            }
        };
    }

    /** A valid head, then a body that never ends (written as fast as the client reads). */
    ChannelInboundHandlerAdapter endless() {
        return pump("HTTP/1.0 200 OK\r\n\r\n", new byte[16384]);
    }

    /** Writes {@code head}, then {@code chunk} again and again as fast as the client reads. */
    private static ChannelInboundHandlerAdapter pump(String head, byte[] chunkBytes) {
        return new ChannelInboundHandlerAdapter() {
            final ByteBuf chunk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(chunkBytes));

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                if (!head.isEmpty()) {
                    ctx.write(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
                }
                pump(ctx);
            }

            private void pump(ChannelHandlerContext ctx) {
                while (ctx.channel().isActive() && ctx.channel().isWritable()) {
                    ctx.write(chunk.duplicate());
                }
                ctx.flush();
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                pump(ctx);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
            }
        };
    }

    /** Half a response, then a TCP reset. */
    ChannelInboundHandlerAdapter reset() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\npart",
                        StandardCharsets.US_ASCII)).addListener(f -> ctx.close());
            }
        };
    }

    /** Bytes that are neither HTTP nor TLS, sent as soon as the client connects, and more on every read. */
    ChannelInboundHandlerAdapter garbage() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("\u0000\u00ff garbage garbage garbage\r\n",
                        StandardCharsets.ISO_8859_1));
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ((ByteBuf) msg).release();
            }
        };
    }

    /** Floods the client with bytes that never form a line. */
    ChannelInboundHandlerAdapter flood() {
        return pump("", "A".repeat(16384).getBytes(StandardCharsets.US_ASCII));
    }

    /** A minimal SMTP server: 220, then HELO answered with smtpHeloCode, QUIT with 221. */
    ChannelInboundHandlerAdapter smtp() {
        return new ChannelInboundHandlerAdapter() {
            final StringBuilder in = new StringBuilder();

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("220-rs.example.test ESMTP\r\n220 ready\r\n",
                        StandardCharsets.US_ASCII));
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                in.append(b.toString(StandardCharsets.US_ASCII));
                b.release();
                int nl;
                while ((nl = in.indexOf("\n")) >= 0) {
                    String line = in.substring(0, nl).trim();
                    in.delete(0, nl + 1);
                    if (line.startsWith("HELO ")) {
                        int code = smtpHeloCode.get();
                        ctx.writeAndFlush(Unpooled.copiedBuffer(code + " hello " + line.substring(5) + "\r\n",
                                StandardCharsets.US_ASCII));
                    } else if (line.equals("QUIT")) {
                        ctx.writeAndFlush(Unpooled.copiedBuffer("221 bye\r\n", StandardCharsets.US_ASCII))
                                .addListener(ChannelFutureListener.CLOSE);
                    } else {
                        ctx.writeAndFlush(Unpooled.copiedBuffer("500 what\r\n", StandardCharsets.US_ASCII));
                    }
                }
            }
        };
    }

    @Override
    public void close() {
        for (Channel c : channels) {
            c.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
