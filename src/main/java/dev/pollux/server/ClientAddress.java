package dev.pollux.server;

import java.net.InetSocketAddress;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The client's address for one connection, set once, before TLS, by {@link AcceptGate}: the TCP peer's at accept,
 * or, with the PROXY protocol, the one the balancer's header names ({@link ProxyHeaderReader}). Everything later
 * reads it from here, through {@link ConnectionDescriber}: rate limits, the access log, CGI, client-certificate
 * rules and logs. So no reader can see the balancer's address by mistake.
 */
final class ClientAddress {

    private static final AttributeKey<InetSocketAddress> KEY = AttributeKey.valueOf("pollux.client-address");

    private ClientAddress() {
    }

    static void set(Channel channel, InetSocketAddress address) {
        channel.attr(KEY).set(address);
    }

    /** Null until set: with the PROXY protocol, until the header named the client. */
    static InetSocketAddress get(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** The client's address, or the TCP peer's while none is set (for logs about connections refused early). */
    static InetSocketAddress of(Channel channel) {
        InetSocketAddress address = get(channel);
        return address != null ? address : (InetSocketAddress) channel.remoteAddress();
    }
}
