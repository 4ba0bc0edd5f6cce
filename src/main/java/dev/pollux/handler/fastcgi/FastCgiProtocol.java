package dev.pollux.handler.fastcgi;

import java.util.Map;

import dev.pollux.handler.gateway.GatewayProtocol;
import dev.pollux.handler.gateway.GatewayReasons;
import dev.pollux.handler.gateway.ResponseStream;
import dev.pollux.protocol.Reason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;

/** FastCGI 1.0 in the Responder role, one request per connection at a time (no multiplexing). */
final class FastCgiProtocol implements GatewayProtocol {

    private static final GatewayReasons REASONS = new GatewayReasons("FastCGI", Reason.FASTCGI_BUSY, Reason.FASTCGI_UNAVAILABLE,
            Reason.FASTCGI_TIMEOUT, Reason.FASTCGI_INVALID_HEADER, Reason.FASTCGI_FAILED);

    @Override
    public GatewayReasons reasons() {
        return REASONS;
    }

    @Override
    public ChannelHandler connectionHandler() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new FastCgiRecordDecoder(), new FastCgiConnectionHandler());
            }
        };
    }

    @Override
    public void send(Channel channel, Map<String, String> environment, boolean keepConnection, ResponseStream stream) {
        channel.pipeline().get(FastCgiConnectionHandler.class).begin(stream, keepConnection);
        channel.writeAndFlush(FastCgiRequestEncoder.request(channel.alloc(), environment, keepConnection))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /**
     * ABORT_REQUEST, then the connection is closed: an application that reads while it answers learns the
     * client left; one that does not (fcgiwrap) fails its next write. What it still sent for the request is
     * never read, so the connection is not kept.
     */
    @Override
    public void abort(Channel channel) {
        FastCgiConnectionHandler handler = channel.pipeline().get(FastCgiConnectionHandler.class);
        if (handler != null) {
            handler.detach();
        }
        channel.writeAndFlush(FastCgiRequestEncoder.abort(channel.alloc())).addListener(ChannelFutureListener.CLOSE);
    }
}
