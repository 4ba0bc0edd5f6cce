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
 * Connections to applications run on Reactor Netty's shared client event loops ({@link TcpResources}: native
 * epoll where available, which also gives Unix domain sockets), made when the first mount needs them: a server
 * without FastCGI or SCGI mounts has none of those threads, nor their descriptors, which every CGI script's
 * start would otherwise walk through and close (the JDK lists {@code /proc/self/fd} in the child). Auto-read is off
 * on every connection: an application's output is read only when the response needs more, so a slow client
 * slows the application down instead of filling the server's memory. Closed on shutdown.
 */
public final class GatewayTransport implements AutoCloseable {

    private final LoopResources loops = TcpResources.get(); // its event loops are made on first use
    private EventLoopGroup group; // made by the first bootstrap; guarded by this
    private final ChannelGroup open = new DefaultChannelGroup("pollux-gateway", GlobalEventExecutor.INSTANCE);

    /** A bootstrap for one application; every channel it connects is closed with the transport. */
    synchronized Bootstrap bootstrap(SocketAddress address, Duration connectTimeout) {
        if (group == null) {
            group = loops.onClient(LoopResources.DEFAULT_NATIVE);
        }
        EventLoopGroup clients = group;
        // as Reactor Netty does: the channel type that fits the loops (Epoll* with native epoll)
        ChannelFactory<Channel> channels = address instanceof DomainSocketAddress
                ? () -> loops.onChannel(DomainSocketChannel.class, clients)
                : () -> loops.onChannel(SocketChannel.class, clients);
        Bootstrap bootstrap = new Bootstrap()
                .group(clients)
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
