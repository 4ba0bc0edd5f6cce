package dev.pollux.handler.gateway;

import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

/** What differs between FastCGI and SCGI: how a request is framed, how output comes back, and how a request is given up. */
public interface GatewayProtocol {

    GatewayReasons reasons();

    /** The handler a new connection starts with; it feeds the application's output to the current request's stream. */
    ChannelHandler connectionHandler();

    /** Sends one request whose output goes to {@code stream}. On the channel's event loop. */
    void send(Channel channel, Map<String, String> environment, boolean keepConnection, ResponseStream stream);

    /** The output is no longer wanted: tells the application where the protocol can, then closes. On the channel's event loop. */
    void abort(Channel channel);
}
