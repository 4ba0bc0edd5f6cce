package dev.pollux.handler.gateway;

import java.net.SocketAddress;
import java.time.Duration;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpResources;

/**
 * Connections to applications run on the event loops the Gemini listener uses (Reactor Netty's shared
 * {@link TcpResources}: native epoll where available, which also gives Unix domain sockets). Auto-read is off
 * on every connection: an application's output is read only when the response needs more, so a slow client
 * slows the application down instead of filling the server's memory. Closed on shutdown.
 */
public final class GatewayTransport implements AutoCloseable {

    private final LoopResources loops = TcpResources.get();
    private final EventLoopGroup group = loops.onClient(LoopResources.DEFAULT_NATIVE);
    private final ChannelGroup open = new DefaultChannelGroup("pollux-gateway", GlobalEventExecutor.INSTANCE);

    /** A bootstrap for one application; every channel it connects is closed with the transport. */
    Bootstrap bootstrap(SocketAddress address, Duration connectTimeout) {
        // as Reactor Netty does: the channel type that fits the loops (Epoll* with native epoll)
        ChannelFactory<Channel> channels = address instanceof DomainSocketAddress
                ? () -> loops.onChannel(DomainSocketChannel.class, group)
                : () -> loops.onChannel(SocketChannel.class, group);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channelFactory(channels)
                .remoteAddress(address)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        if (!(address instanceof DomainSocketAddress)) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        return bootstrap;
    }

    void track(Channel channel) {
        open.add(channel);
    }

    @Override
    public void close() {
        open.close().awaitUninterruptibly(5_000);
    }
}
