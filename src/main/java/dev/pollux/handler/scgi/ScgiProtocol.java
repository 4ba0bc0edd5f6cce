package dev.pollux.handler.scgi;

import java.util.Map;

import dev.pollux.handler.gateway.GatewayProtocol;
import dev.pollux.handler.gateway.GatewayReasons;
import dev.pollux.handler.gateway.ResponseStream;
import dev.pollux.protocol.Reason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;

/** SCGI: one request per connection; the application closing the connection ends the response. */
final class ScgiProtocol implements GatewayProtocol {

    private static final GatewayReasons REASONS = new GatewayReasons("SCGI", Reason.SCGI_BUSY, Reason.SCGI_UNAVAILABLE,
            Reason.SCGI_TIMEOUT, Reason.SCGI_INVALID_HEADER, Reason.SCGI_FAILED);

    @Override
    public GatewayReasons reasons() {
        return REASONS;
    }

    @Override
    public ChannelHandler connectionHandler() {
        return new ScgiConnectionHandler();
    }

    @Override
    public void send(Channel channel, Map<String, String> environment, boolean keepConnection, ResponseStream stream) {
        channel.pipeline().get(ScgiConnectionHandler.class).begin(stream);
        channel.writeAndFlush(ScgiRequestEncoder.request(channel.alloc(), environment))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    /** SCGI has no way to say the client left but closing the connection, which an application sees on its next write. */
    @Override
    public void abort(Channel channel) {
        ScgiConnectionHandler handler = channel.pipeline().get(ScgiConnectionHandler.class);
        if (handler != null) {
            handler.detach();
        }
        channel.close();
    }
}
