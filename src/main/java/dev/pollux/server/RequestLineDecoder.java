package dev.pollux.server;

import java.util.List;

import dev.pollux.protocol.RequestLineParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

/**
 * Frames the one request line of a connection: emits it (LF included) once, or {@link #TOO_LONG} when no LF
 * comes within the longest line allowed, then reads and drops whatever else the client sends. Nothing a client
 * sends after its request can raise an error or a log line.
 */
final class RequestLineDecoder extends ByteToMessageDecoder {

    /** Emitted instead of a line when none ends within the limit. */
    static final Object TOO_LONG = new Object() {
        @Override
        public String toString() {
            return "request line too long";
        }
    };

    /** The request line, its CR and its LF. */
    private static final int MAX_FRAME_BYTES = RequestLineParser.MAX_REQUEST_BYTES + 2;

    private boolean framed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (framed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int searched = Math.min(in.readableBytes(), MAX_FRAME_BYTES);
        int lf = in.forEachByte(in.readerIndex(), searched, ByteProcessor.FIND_LF);
        if (lf >= 0) {
            framed = true;
            out.add(in.readRetainedSlice(lf - in.readerIndex() + 1));
        } else if (in.readableBytes() >= MAX_FRAME_BYTES) {
            framed = true;
            in.skipBytes(in.readableBytes());
            out.add(TOO_LONG);
        }
    }
}
