package dev.pollux.handler.fastcgi;

import dev.pollux.handler.cgi.ScriptErrorLog;
import dev.pollux.handler.gateway.ResponseStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The records of the request in progress on one connection: STDOUT to the response, STDERR to the
 * {@code pollux.cgi} log (bounded, as a CGI script's), END_REQUEST ends it. Between requests (a kept connection)
 * nothing is expected: a record then, or the application closing, closes the connection.
 */
final class FastCgiConnectionHandler extends ChannelInboundHandlerAdapter {

    private ResponseStream stream;
    private ScriptErrorLog errors;
    private boolean keep;

    /** The next request's output goes to {@code next}. */
    void begin(ResponseStream next, boolean keepConnection) {
        stream = next;
        errors = new ScriptErrorLog(next.name());
        keep = keepConnection;
    }

    /** The request was given up: what still comes for it is dropped. */
    void detach() {
        stream = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        FastCgiRecord record = (FastCgiRecord) message;
        try {
            if (stream == null) {
                ctx.close();
                return;
            }
            if (record.requestId() != FastCgiRequestEncoder.REQUEST_ID) {
                return; // a management record (ID 0): the server asks for none, so nothing to do
            }
            switch (record.type()) {
                case FastCgiRecord.STDOUT -> stream.output(record.content());
                case FastCgiRecord.STDERR -> errors.accept(record.content().nioBuffer());
                case FastCgiRecord.END_REQUEST -> end(record.content());
                default -> {
                    // nothing else belongs to a Responder's reply
                }
            }
        } finally {
            record.content().release();
        }
    }

    private void end(ByteBuf body) {
        ResponseStream ending = stream;
        stream = null;
        errors.end();
        int protocolStatus = body.readableBytes() >= 5 ? body.getUnsignedByte(body.readerIndex() + 4) : -1;
        if (protocolStatus == FastCgiRecord.REQUEST_COMPLETE) {
            ending.ended(keep);
        } else {
            ending.broken("the application refused the request (protocol status " + protocolStatus + ")");
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
        fail("the connection closed before the request ended");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(String.valueOf(cause));
        ctx.close();
    }

    private void fail(String why) {
        if (stream != null) {
            ResponseStream failed = stream;
            stream = null;
            errors.end();
            failed.broken(why);
        }
    }
}
