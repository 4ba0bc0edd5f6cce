package dev.pollux.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.pollux.protocol.RequestLineParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

/**
 * Frames the one request line of a connection: emits it (LF included) once, or {@link #TOO_LONG} when no LF comes within
 * the longest line allowed. After a Gemini line it reads and drops whatever else the client sends, so nothing a client
 * sends after its request can raise an error or a log line.
 * <p>
 * After a line that starts {@code titan:} it holds instead: it stops reading from the socket (so the client's body waits
 * in the kernel, flow-controlled, and at most the read that carried the line is kept here) until the request is either
 * refused or answered, then {@link #discard}, or its body is asked for ({@link #readBody}), then handed out on demand,
 * a buffer at a time ({@link #take}, {@link #readMore}), and dropped once discarded. All methods run on the event loop.
 */
final class RequestLineDecoder extends ChannelInboundHandlerAdapter {

    /** Emitted instead of a line when none ends within the limit. */
    static final Object TOO_LONG = new Object() {
        @Override
        public String toString() {
            return "request line too long";
        }
    };

    /** The request line, its CR and its LF. */
    private static final int MAX_FRAME_BYTES = RequestLineParser.MAX_REQUEST_BYTES + 2;
    private static final byte[] TITAN = "titan:".getBytes(StandardCharsets.US_ASCII);

    /** What is done with the bytes the client sends. */
    private enum State {
        /** Looking for the end of the request line. */
        LINE,
        /** After a Titan line: nothing more is read until the body is asked for or discarded. */
        HOLD,
        /** Handing the body to its reader, on demand. */
        BODY,
        /** Everything is dropped unread. */
        DROP
    }

    /** Told when body bytes wait to be taken, and when the connection closes; on the event loop. */
    interface BodyReader {

        void bytesArrived();

        void inputClosed();
    }

    private State state = State.LINE;
    /** The line so far; after a Titan line, the body bytes received and not yet taken. */
    private ByteBuf pending;
    private ChannelHandlerContext context;
    private BodyReader reader;
    private boolean inputClosed;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        switch (state) {
            case LINE -> frame(ctx, bytes);
            case HOLD, BODY -> {
                // whatever the read that was under way brought; nothing more is read until it is taken
                ctx.channel().config().setAutoRead(false);
                pending = cumulate(ctx, bytes);
                if (reader != null) {
                    reader.bytesArrived();
                }
            }
            case DROP -> bytes.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        inputClosed = true;
        if (state == State.HOLD || state == State.BODY) {
            discard();
        }
        super.channelInactive(ctx);
    }

    /** Starts handing the held body to {@code bodyReader}: told at once of bytes already here, or of a closed connection. */
    void readBody(BodyReader bodyReader) {
        if (state != State.HOLD) {
            bodyReader.inputClosed();
            return;
        }
        state = State.BODY;
        reader = bodyReader;
        if (inputClosed) {
            discard();
        } else if (pending != null && pending.isReadable()) {
            bodyReader.bytesArrived();
        }
    }

    /** Up to {@code max} bytes of the body received so far, copied off the connection's buffer; null when none waits. */
    ByteBuffer take(int max) {
        if (state != State.BODY || pending == null || !pending.isReadable()) {
            return null;
        }
        ByteBuffer copy = ByteBuffer.allocate(Math.min(max, pending.readableBytes()));
        pending.readBytes(copy);
        if (!pending.isReadable()) {
            release();
        }
        return copy.flip();
    }

    /** Asks the socket for more of the body: one read, whose bytes {@link BodyReader#bytesArrived()} announces. */
    void readMore() {
        if (state == State.BODY) {
            context.read();
        }
    }

    /**
     * From now on everything the client sends is dropped unread, and read again so it never piles up: a refused or
     * answered upload's remaining body, whatever follows a body. A body reader still reading is told its input is gone.
     * Idempotent.
     */
    void discard() {
        if (state == State.DROP) {
            return;
        }
        boolean held = state != State.LINE;
        BodyReader reading = reader;
        state = State.DROP;
        reader = null;
        release();
        if (held && !inputClosed) {
            context.channel().config().setAutoRead(true);
        }
        if (reading != null) {
            reading.inputClosed();
        }
    }

    private void frame(ChannelHandlerContext ctx, ByteBuf bytes) {
        pending = cumulate(ctx, bytes);
        int searched = Math.min(pending.readableBytes(), MAX_FRAME_BYTES);
        int lf = pending.forEachByte(pending.readerIndex(), searched, ByteProcessor.FIND_LF);
        if (lf >= 0) {
            ByteBuf line = pending.readRetainedSlice(lf - pending.readerIndex() + 1);
            if (isTitan(line)) {
                state = State.HOLD;
                ctx.channel().config().setAutoRead(false);
            } else {
                state = State.DROP;
                release();
            }
            ctx.fireChannelRead(line);
        } else if (pending.readableBytes() >= MAX_FRAME_BYTES) {
            state = State.DROP;
            release();
            ctx.fireChannelRead(TOO_LONG);
        }
    }

    private static boolean isTitan(ByteBuf line) {
        if (line.readableBytes() < TITAN.length) {
            return false;
        }
        for (int i = 0; i < TITAN.length; i++) {
            int b = line.getByte(line.readerIndex() + i);
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != TITAN[i]) {
                return false;
            }
        }
        return true;
    }

    private ByteBuf cumulate(ChannelHandlerContext ctx, ByteBuf bytes) {
        return pending == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), pending, bytes);
    }

    private void release() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
