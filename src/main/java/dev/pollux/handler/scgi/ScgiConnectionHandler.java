package dev.pollux.handler.scgi;

import dev.pollux.handler.gateway.ResponseStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** An SCGI response is every byte the application sends until it closes the connection. */
final class ScgiConnectionHandler extends ChannelInboundHandlerAdapter {

    private ResponseStream stream;

    void begin(ResponseStream next) {
        stream = next;
    }

    void detach() {
        stream = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        ByteBuf bytes = (ByteBuf) message;
        try {
            if (stream != null) {
                stream.output(bytes);
            }
        } finally {
            bytes.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (stream != null) {
            stream.readComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stream != null) {
            ResponseStream ended = stream;
            stream = null;
            ended.ended(false);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (stream != null) {
            ResponseStream failed = stream;
            stream = null;
            failed.broken(String.valueOf(cause));
        }
        ctx.close();
    }
}
