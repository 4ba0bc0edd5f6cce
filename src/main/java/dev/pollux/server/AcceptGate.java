package dev.pollux.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * First in every connection's pipeline, so it sees each TCP connection from accept on: counts it, and closes
 * it at once, before any TLS, when the server or its client already has as many connections as allowed.
 * A client is its address; an IPv6 client is its /64, which one host usually owns whole. The client's address
 * is the TCP peer's, checked at accept; with the PROXY protocol it is the one the header names, checked when
 * {@link ProxyHeaderReader} has read it ({@link #admitClient}), since the peer is then the balancer.
 */
@ChannelHandler.Sharable
final class AcceptGate extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> OPEN = AttributeKey.valueOf("pollux.open");
    private static final AttributeKey<ClientKey> ADMITTED = AttributeKey.valueOf("pollux.admitted");

    private final int maxConnections;
    private final int maxPerClient;
    private final boolean clientFromProxyHeader;
    private final ConnectionEvents events;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<ClientKey, Integer> openByClient = new ConcurrentHashMap<>();

    /** @param clientFromProxyHeader the client is named by a PROXY protocol header, not by the TCP peer */
    AcceptGate(int maxConnections, int maxPerClient, boolean clientFromProxyHeader, ConnectionEvents events) {
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
        this.clientFromProxyHeader = clientFromProxyHeader;
        this.events = events;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refuse(ctx, ConnectionRefusal.MAX_CONNECTIONS);
            return;
        }
        if (!clientFromProxyHeader && !admitClient(channel, (InetSocketAddress) channel.remoteAddress())) {
            open.decrementAndGet();
            return;
        }
        channel.attr(OPEN).set(Boolean.TRUE);
        events.opened();
        super.channelActive(ctx);
    }

    /**
     * Counts the connection against its client's limit and makes {@code client} the connection's address
     * ({@link ClientAddress}); false when the limit refused it, and the connection is closing.
     */
    boolean admitClient(Channel channel, InetSocketAddress client) {
        ClientKey key = ClientKey.of(client.getAddress());
        if (openByClient.merge(key, 1, Integer::sum) > maxPerClient) {
            release(key);
            refuse(channel.pipeline().context(this), ConnectionRefusal.MAX_CONNECTIONS_PER_CLIENT);
            return false;
        }
        channel.attr(ADMITTED).set(key);
        ClientAddress.set(channel, client);
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // a connection refused at accept was never seen by the rest of the pipeline, and is not counted as open
        if (ctx.channel().attr(OPEN).getAndSet(null) == null) {
            return;
        }
        open.decrementAndGet();
        ClientKey client = ctx.channel().attr(ADMITTED).getAndSet(null);
        if (client != null) {
            release(client);
        }
        events.closed();
        super.channelInactive(ctx);
    }

    /** Connections open now, handshakes included. */
    int open() {
        return open.get();
    }

    private void release(ClientKey client) {
        openByClient.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** Closes from this handler's place, first in the pipeline, so the TLS handler never writes a byte. */
    private void refuse(ChannelHandlerContext own, ConnectionRefusal reason) {
        events.refused(reason);
        own.close();
    }

    /** An IPv4 address, or the first 64 bits of an IPv6 one. */
    private record ClientKey(byte[] bits) {

        static ClientKey of(InetAddress address) {
            byte[] bytes = address.getAddress();
            return new ClientKey(address instanceof Inet6Address ? Arrays.copyOf(bytes, 8) : bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ClientKey client && Arrays.equals(bits, client.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }
}
