package io.vigil.healthcheck.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's real servers, in a process of their own (started by the harness inside the servers' namespace,
 * pinned to another core), so that they compete with the checker neither for the JVM nor for its core. One epoll
 * thread serves every listener: an HTTP/1.0 200 to any request, then close (a TCP_CHECK connects and closes).
 *
 * <p>Listens on {@code ADDRESSES x PORTS} sockets: addresses {@code BASE+0 ..}, ports {@code 20000 ..}. Commands on
 * stdin, one answer line each on stdout: {@code close A:P}, {@code open A:P}, {@code count} (connections accepted
 * so far), {@code quit}. Prints {@code ready N} once every socket listens.
 *
 * <pre>  java -cp ... io.vigil.healthcheck.bench.BenchServers BASE ADDRESSES PORTS</pre>
 */
public final class BenchServers {

    private static final byte[] OK = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    private final Map<InetSocketAddress, Channel> listeners = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final Http http = new Http();

    public static void main(String[] args) {
        try {
            serve(args);
        } catch (Exception | Error e) {
            // the event loop's threads would keep the JVM, and so the harness waiting for "ready", alive
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void serve(String[] args) throws Exception {
        byte[] base = InetAddress.getByName(args[0]).getAddress();
        int addresses = Integer.parseInt(args[1]);
        int ports = Integer.parseInt(args[2]);
        BenchServers s = new BenchServers();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        for (int a = 0; a < addresses; a++) {
            byte[] b = base.clone();
            b[3] = (byte) (b[3] + a);
            InetAddress addr = InetAddress.getByAddress(b);
            for (int p = 0; p < ports; p++) {
                s.listen(new InetSocketAddress(addr, 20000 + p));
            }
        }
        out.println("ready " + s.listeners.size());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split(" ");
            switch (w[0]) {
                case "count" -> out.println(s.accepted.get());
                case "close" -> {
                    Channel c = s.listeners.remove(parse(w[1]));
                    if (c != null) {
                        c.close().sync();
                    }
                    out.println("closed");
                }
                case "open" -> {
                    s.listen(parse(w[1]));
                    out.println("opened");
                }
                case "quit" -> {
                    s.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
                    out.println("bye");
                    return;
                }
                default -> out.println("unknown " + w[0]);
            }
        }
        s.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private static InetSocketAddress parse(String s) throws Exception {
        int colon = s.lastIndexOf(':');
        return new InetSocketAddress(InetAddress.getByName(s.substring(0, colon)),
                Integer.parseInt(s.substring(colon + 1)));
    }

    private void listen(InetSocketAddress a) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true).option(ChannelOption.SO_BACKLOG, 256)
                .childHandler(http);
        listeners.put(a, b.bind(a).sync().channel());
    }

    /** Answers any request with a small 200, then closes; counts connections. */
    @ChannelHandler.Sharable
    private final class Http extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            accepted.incrementAndGet();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(OK)).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
