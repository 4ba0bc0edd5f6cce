package dev.pollux.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * First in every connection's pipeline, so it sees each TCP connection from accept on: counts it, and closes
 * it at once, before any TLS, when the server or its client already has as many connections as allowed.
 * A client is its address; an IPv6 client is its /64, which one host usually owns whole.
 */
@ChannelHandler.Sharable
final class AcceptGate extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<ClientAddress> ADMITTED = AttributeKey.valueOf("pollux.admitted");

    private final int maxConnections;
    private final int maxPerClient;
    private final ConnectionEvents events;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<ClientAddress, Integer> openByClient = new ConcurrentHashMap<>();

    AcceptGate(int maxConnections, int maxPerClient, ConnectionEvents events) {
        this.maxConnections = maxConnections;
        this.maxPerClient = maxPerClient;
        this.events = events;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ClientAddress client = ClientAddress.of(((InetSocketAddress) ctx.channel().remoteAddress()).getAddress());
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            refuse(ctx, ConnectionRefusal.MAX_CONNECTIONS);
            return;
        }
        int fromClient = openByClient.merge(client, 1, Integer::sum);
        if (fromClient > maxPerClient) {
            release(client);
            refuse(ctx, ConnectionRefusal.MAX_CONNECTIONS_PER_CLIENT);
            return;
        }
        ctx.channel().attr(ADMITTED).set(client);
        events.opened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ClientAddress client = ctx.channel().attr(ADMITTED).getAndSet(null);
        if (client != null) {
            release(client);
            events.closed();
            super.channelInactive(ctx);
        }
    }

    /** Connections open now, handshakes included. */
    int open() {
        return open.get();
    }

    private void release(ClientAddress client) {
        open.decrementAndGet();
        openByClient.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
    }

    private void refuse(ChannelHandlerContext ctx, ConnectionRefusal reason) {
        events.refused(reason);
        ctx.close();
    }

    /** An IPv4 address, or the first 64 bits of an IPv6 one. */
    private record ClientAddress(byte[] bits) {

        static ClientAddress of(InetAddress address) {
            byte[] bytes = address.getAddress();
            return new ClientAddress(address instanceof Inet6Address ? Arrays.copyOf(bytes, 8) : bytes);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ClientAddress client && Arrays.equals(bits, client.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }
    }
}
