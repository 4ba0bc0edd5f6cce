package dev.pollux.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.pollux.protocol.GeminiResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.NettyPipeline;

/**
 * Writes a response as fast as the client takes it, and no faster: the body is pulled one buffer at a time,
 * and only while the connection's queue is under its high water mark ({@code pollux.server.write-buffer}), so
 * a file is read, a script is read and a stream is pulled at the client's pace, and the memory a connection
 * holds is bounded whatever its speed. A client that takes none of the queued bytes for the write timeout is
 * cut, and so is a body that fails after its header; a cut connection closes without close_notify
 * ({@link Truncation}), a complete one with it.
 */
final class ResponseWriter {

    private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);
    private static final String HANDLER_NAME = "pollux-response-writer";

    private final Duration writeTimeout;
    private final ConnectionEvents events;

    ResponseWriter(Duration writeTimeout, ConnectionEvents events) {
        this.writeTimeout = writeTimeout;
        this.events = events;
    }

    /** Completes when the last byte has been handed to the socket, or when the response was cut. */
    Mono<Void> write(Channel channel, GeminiResponse response, AccessLogEntry entry) {
        return Mono.create(sink -> {
            Write write = new Write(channel, response, entry, sink);
            sink.onCancel(() -> channel.eventLoop().execute(write::cancel));
            channel.eventLoop().execute(write::start);
        });
    }

    /**
     * One response on its way out. Every field is touched on the channel's event loop only; signals from the
     * body, which arrive on whatever thread produced them, are moved there first.
     */
    private final class Write extends ChannelInboundHandlerAdapter implements CoreSubscriber<ByteBuffer> {

        private final Channel channel;
        private final GeminiResponse response;
        private final AccessLogEntry entry;
        private final MonoSink<Void> sink;
        private Subscription body;
        private int pendingWrites;
        private long lastProgressNanos;
        private boolean waitingForWritability;
        private boolean bodyComplete;
        private boolean finished;
        private ScheduledFuture<?> watchdog;

        Write(Channel channel, GeminiResponse response, AccessLogEntry entry, MonoSink<Void> sink) {
            this.channel = channel;
            this.response = response;
            this.entry = entry;
            this.sink = sink;
        }

        void start() {
            if (!channel.isActive()) {
                finish(Cut.CLIENT_CLOSED);
                // subscribed all the same, and cancelled at once, so what the body holds (a file, a script, a backend
                // connection) is let go now
                response.body().subscribe(this);
                return;
            }
            channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, HANDLER_NAME, this);
            lastProgressNanos = System.nanoTime();
            watchdog = channel.eventLoop().schedule(this::checkProgress, writeTimeout.toNanos(), TimeUnit.NANOSECONDS);
            send(response.header().encode());
            // a body that answers at once (a small file, a page) goes out with its header in one flush
            response.body().subscribe(this);
            channel.flush();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            onEventLoop(() -> {
                body = subscription;
                if (finished) {
                    subscription.cancel();
                } else {
                    requestWhenWritable();
                }
            });
        }

        @Override
        public void onNext(ByteBuffer buffer) {
            onEventLoop(() -> {
                if (finished) {
                    return;
                }
                if (buffer.hasRemaining()) {
                    send(buffer);
                    channel.flush();
                }
                requestWhenWritable();
            });
        }

        @Override
        public void onError(Throwable failure) {
            onEventLoop(() -> {
                log.debug("Response body to {} failed after its header", ClientAddress.of(channel), failure);
                cut(Cut.BODY_FAILED);
            });
        }

        @Override
        public void onComplete() {
            onEventLoop(() -> {
                bodyComplete = true;
                if (pendingWrites == 0) {
                    finish(null);
                }
            });
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (waitingForWritability && ctx.channel().isWritable() && !finished) {
                waitingForWritability = false;
                body.request(1);
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Cut reason = Truncation.reasonOf(ctx.channel());
            finish(reason != null ? reason : bodyComplete && pendingWrites == 0 ? null : Cut.CLIENT_CLOSED);
            super.channelInactive(ctx);
        }

        void cancel() {
            if (!finished) {
                finished = true;
                stop();
            }
        }

        private void send(byte[] bytes) {
            send(ByteBuffer.wrap(bytes));
        }

        private void send(ByteBuffer buffer) {
            if (pendingWrites == 0) {
                lastProgressNanos = System.nanoTime();
            }
            pendingWrites++;
            entry.sent(buffer.remaining());
            ChannelFuture written = channel.write(Unpooled.wrappedBuffer(buffer));
            written.addListener(future -> {
                pendingWrites--;
                if (!future.isSuccess()) {
                    log.debug("Writing to {} failed: {}", ClientAddress.of(channel), String.valueOf(future.cause()));
                    finish(Truncation.reasonOf(channel) != null ? Truncation.reasonOf(channel) : Cut.CLIENT_CLOSED);
                    return;
                }
                lastProgressNanos = System.nanoTime();
                if (bodyComplete && pendingWrites == 0) {
                    finish(null);
                }
            });
        }

        private void requestWhenWritable() {
            if (body == null || finished) {
                return;
            }
            if (channel.isWritable()) {
                body.request(1);
            } else {
                waitingForWritability = true;
            }
        }

        private void checkProgress() {
            if (finished) {
                return;
            }
            long idle = System.nanoTime() - lastProgressNanos;
            if (pendingWrites > 0 && idle >= writeTimeout.toNanos()) {
                log.debug("Client {} took nothing for {}; cutting its response", ClientAddress.of(channel), writeTimeout);
                cut(Cut.WRITE_TIMEOUT);
                return;
            }
            long next = pendingWrites > 0 ? writeTimeout.toNanos() - idle : writeTimeout.toNanos();
            watchdog = channel.eventLoop().schedule(this::checkProgress, Math.max(next, 1), TimeUnit.NANOSECONDS);
        }

        private void cut(Cut reason) {
            if (!finished) {
                Truncation.cut(channel, reason);
                finish(reason);
            }
        }

        /** Ends this write once: {@code cut} null for a complete response. */
        private void finish(Cut cut) {
            if (finished) {
                return;
            }
            finished = true;
            stop();
            if (cut != null) {
                entry.cut(cut);
                events.cut(cut);
            }
            sink.success();
        }

        private void stop() {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (body != null) {
                body.cancel();
            }
        }

        private void onEventLoop(Runnable action) {
            if (channel.eventLoop().inEventLoop()) {
                action.run();
            } else {
                channel.eventLoop().execute(action);
            }
        }
    }
}
