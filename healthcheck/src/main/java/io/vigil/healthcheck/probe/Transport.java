package io.vigil.healthcheck.probe;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Epoll when the native transport loads (Linux x86_64), NIO otherwise. Only epoll can set raw socket options
 * (SO_MARK for {@code fwmark}, SO_BINDTODEVICE for {@code bind_if}). The channel factories are made once: a
 * {@code Bootstrap.channel(Class)} per attempt would look the constructor up by reflection thousands of times a
 * second.
 */
public record Transport(String name, IoHandlerFactory ioHandler, ChannelFactory<? extends Channel> socket,
        ChannelFactory<? extends Channel> datagram, boolean rawOptions) {

    /** Epoll if available and wanted, else NIO. */
    public static Transport select(boolean preferEpoll) {
        if (preferEpoll && Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(),
                    new ReflectiveChannelFactory<>(EpollSocketChannel.class),
                    new ReflectiveChannelFactory<>(EpollDatagramChannel.class), true);
        }
        return new Transport("nio", NioIoHandler.newFactory(), new ReflectiveChannelFactory<>(NioSocketChannel.class),
                new ReflectiveChannelFactory<>(NioDatagramChannel.class), false);
    }
}
