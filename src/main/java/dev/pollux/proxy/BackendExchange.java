package dev.pollux.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.ResponseHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.Connection;

/**
 * One request relayed on a connected backend connection, at the Netty level so that the backend is read only when
 * wanted: writes the request line, reads the response header (one line of at most 1029 bytes, within the header
 * timeout, checked with {@link ResponseHeader#parse}), then hands the body on with one read of the backend per
 * request of the client's writer, so the backend is read as fast as the client takes it and no faster. The body fails
 * (and the client's response is cut) when the backend stays silent past the body timeout while the writer waits for
 * more, or ends without TLS close_notify, as a cut body must stay visibly cut. The backend connection is closed when
 * the exchange ends, whether it completed, failed, or the client left. Every field is touched on the backend
 * connection's event loop only.
 */
final class BackendExchange extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BackendExchange.class);

    private enum State { HEADER, BODY, DONE }

    private final Connection connection;
    private final Channel channel;
    private final byte[] request;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final MonoSink<GeminiResponse> response;
    private final byte[] line = new byte[ResponseHeader.MAX_LINE_BYTES];
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private int lineLength;
    private State state = State.HEADER;
    private FluxSink<ByteBuffer> body;
    private boolean bodyEnded;
    private Throwable bodyFailure;
    private boolean closeNotify;
    private long headerNanos;
    private long waitingSinceNanos;
    private ScheduledFuture<?> timer;

    private BackendExchange(Connection connection, byte[] request, Duration headerTimeout, Duration bodyTimeout,
                            MonoSink<GeminiResponse> response) {
        this.connection = connection;
        this.channel = connection.channel();
        this.request = request;
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.response = response;
    }

    /** Sends {@code request} (the line with its CRLF) and answers with the backend's header, its body to follow. */
    static Mono<GeminiResponse> start(Connection connection, byte[] request, Duration headerTimeout, Duration bodyTimeout) {
        return Mono.create(sink -> {
            BackendExchange exchange = new BackendExchange(connection, request, headerTimeout, bodyTimeout, sink);
            // the client left before the header: nothing will read the backend any more
            sink.onCancel(() -> exchange.onEventLoop(exchange::abandon));
            connection.addHandlerLast("pollux-backend-exchange", exchange);
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timer = channel.eventLoop().schedule(this::headerTimedOut, headerTimeout.toNanos(), TimeUnit.NANOSECONDS);
        channel.writeAndFlush(Unpooled.wrappedBuffer(request)).addListener(written -> {
            if (!written.isSuccess()) {
                failHeader(Reason.BACKEND_CLOSED);
            }
        });
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!(message instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(message);
            return;
        }
        try {
            if (state == State.HEADER) {
                readHeader(bytes);
            }
            if (state == State.BODY && bytes.isReadable()) {
                deliver(copy(bytes));
            }
        } finally {
            bytes.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state == State.HEADER) {
            ctx.read();
        } else {
            readIfWanted();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslCloseCompletionEvent close && close.isSuccess()) {
            closeNotify = true;
            endedByBackend();
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        endedByBackend();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Backend connection {} failed", channel, cause);
        if (state == State.HEADER) {
            failHeader(Reason.BACKEND_CLOSED);
        } else {
            endBody(cause);
        }
    }

    private void readHeader(ByteBuf bytes) {
        while (bytes.isReadable()) {
            byte next = bytes.readByte();
            if (next == '\n') {
                headerRead(Arrays.copyOf(line, lineLength));
                return;
            }
            if (lineLength == line.length) {
                failHeader(Reason.BACKEND_INVALID_HEADER);
                return;
            }
            line[lineLength++] = next;
        }
    }

    private void headerRead(byte[] headerLine) {
        Optional<ResponseHeader> header = ResponseHeader.parse(headerLine);
        if (header.isEmpty()) {
            failHeader(Reason.BACKEND_INVALID_HEADER);
            return;
        }
        timer.cancel(false);
        if (!header.get().status().isSuccess()) {
            // only 2x has a body: whatever follows is not the client's
            state = State.DONE;
            response.success(new GeminiResponse(header.get(), null));
            close();
            return;
        }
        state = State.BODY;
        headerNanos = System.nanoTime();
        timer = channel.eventLoop().schedule(this::checkProgress, bodyTimeout.toNanos(), TimeUnit.NANOSECONDS);
        response.success(new GeminiResponse(header.get(), Flux.create(this::subscribed)));
    }

    /** The writer subscribed to the body: on its thread, so everything moves to the event loop. */
    private void subscribed(FluxSink<ByteBuffer> sink) {
        sink.onRequest(demand -> onEventLoop(this::readIfWanted));
        sink.onDispose(() -> onEventLoop(this::close));
        onEventLoop(() -> attach(sink));
    }

    private void attach(FluxSink<ByteBuffer> sink) {
        if (body != null) {
            sink.error(new IllegalStateException("a backend body can be read once"));
            return;
        }
        body = sink;
        while (!pending.isEmpty()) {
            sink.next(pending.poll());
        }
        if (bodyFailure != null) {
            sink.error(bodyFailure);
        } else if (bodyEnded) {
            sink.complete();
        } else {
            readIfWanted();
        }
    }

    private void deliver(ByteBuffer chunk) {
        waitingSinceNanos = 0;
        if (body != null) {
            body.next(chunk);
        } else {
            pending.add(chunk);
        }
    }

    /** Reads the backend once more when the writer wants more than it has been given. */
    private void readIfWanted() {
        if (state == State.BODY && body != null && body.requestedFromDownstream() > 0) {
            if (waitingSinceNanos == 0) {
                waitingSinceNanos = System.nanoTime();
            }
            channel.read();
        }
    }

    /** The backend sent close_notify or the connection ended: the header never came, or the body is over. */
    private void endedByBackend() {
        if (state == State.HEADER) {
            failHeader(lineLength == 0 ? Reason.BACKEND_CLOSED : Reason.BACKEND_INVALID_HEADER);
        } else if (state == State.BODY) {
            endBody(closeNotify ? null : new IOException("the backend closed the connection without close_notify"));
        }
    }

    private void abandon() {
        if (state == State.HEADER) {
            close();
        }
    }

    private void headerTimedOut() {
        if (state == State.HEADER) {
            failHeader(Reason.BACKEND_HEADER_TIMEOUT);
        }
    }

    /** Ends the body when the writer has waited too long for the backend, or nobody took the body at all. */
    private void checkProgress() {
        if (state != State.BODY) {
            return;
        }
        long now = System.nanoTime();
        long since = body == null ? headerNanos : waitingSinceNanos;
        if (since != 0 && now - since >= bodyTimeout.toNanos()) {
            endBody(new TimeoutException("the backend sent nothing for " + bodyTimeout));
            return;
        }
        long next = since == 0 ? bodyTimeout.toNanos() : bodyTimeout.toNanos() - (now - since);
        timer = channel.eventLoop().schedule(this::checkProgress, Math.max(next, 1), TimeUnit.NANOSECONDS);
    }

    private void failHeader(Reason reason) {
        if (state != State.HEADER) {
            return;
        }
        log.debug("Backend {} answered no valid header: {}", connection.channel().remoteAddress(), reason.tag());
        response.success(BackendFailure.response(reason));
        close();
    }

    /** Ends the body: complete when {@code failure} is null. Kept for the writer when it has not subscribed yet. */
    private void endBody(Throwable failure) {
        if (state != State.BODY) {
            return;
        }
        state = State.DONE;
        timer.cancel(false);
        if (body == null) {
            bodyEnded = true;
            bodyFailure = failure;
        } else if (failure != null) {
            body.error(failure);
        } else {
            body.complete();
        }
        connection.dispose();
    }

    private void close() {
        state = State.DONE;
        if (timer != null) {
            timer.cancel(false);
        }
        pending.clear();
        connection.dispose();
    }

    private static ByteBuffer copy(ByteBuf bytes) {
        byte[] copy = new byte[bytes.readableBytes()];
        bytes.readBytes(copy);
        return ByteBuffer.wrap(copy);
    }

    private void onEventLoop(Runnable action) {
        if (channel.eventLoop().inEventLoop()) {
            action.run();
        } else {
            channel.eventLoop().execute(action);
        }
    }
}
