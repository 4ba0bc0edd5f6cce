package dev.pollux.handler.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A response body handed to the server as it asks for it: what the application sent waits here (one read's
 * worth at most, since more is read only when this runs dry while the server asks for more), and the server's
 * requests and cancellation come back to the connection's event loop, where everything here runs.
 */
final class BodyStream {

    /** What the body tells the stream that feeds it; called on the event loop. */
    interface Listener {

        /** The server asks for more than there is: read from the application. */
        void wantsMore();

        /** The server stopped taking the body (the client left). */
        void cancelled();

        /** The whole body was handed over. */
        void completed();
    }

    private final EventLoop eventLoop;
    private final String name;
    private final Listener listener;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private FluxSink<ByteBuffer> sink;
    private boolean ended;
    private boolean over;

    BodyStream(EventLoop eventLoop, String name, Listener listener) {
        this.eventLoop = eventLoop;
        this.name = name;
        this.listener = listener;
    }

    Flux<ByteBuffer> flux() {
        return Flux.create(this::subscribed);
    }

    boolean isSubscribed() {
        return sink != null;
    }

    /** The server asked for more than has come. */
    boolean waitsForOutput() {
        return sink != null && !over && !ended && pending.isEmpty() && sink.requestedFromDownstream() > 0;
    }

    /** The next bytes of the body (copied: the caller releases its buffer). */
    void add(ByteBuf content) {
        if (content.isReadable() && !over) {
            ByteBuffer copy = ByteBuffer.allocate(content.readableBytes());
            content.readBytes(copy);
            pending.add(copy.flip());
            drain();
        }
    }

    /** The application's output ended in order: the body completes once what is pending is handed over. */
    void end() {
        ended = true;
        drain();
    }

    /** The body broke off: the server cuts the response. */
    void fail(String why) {
        if (!over) {
            over = true;
            pending.clear();
            if (sink != null) {
                sink.error(new IOException(name + ": " + why));
            }
        }
    }

    /** Any thread. */
    private void subscribed(FluxSink<ByteBuffer> subscriber) {
        eventLoop.execute(() -> {
            if (sink != null || over) {
                subscriber.error(new IOException(name + ": the body is no longer available"));
                return;
            }
            sink = subscriber;
            subscriber.onRequest(ignored -> eventLoop.execute(this::drain));
            subscriber.onCancel(() -> eventLoop.execute(this::cancel));
            drain();
        });
    }

    private void drain() {
        if (sink == null || over) {
            return;
        }
        while (!pending.isEmpty() && sink.requestedFromDownstream() > 0) {
            sink.next(pending.poll());
        }
        if (pending.isEmpty() && ended) {
            over = true;
            sink.complete();
            listener.completed();
        } else if (waitsForOutput()) {
            listener.wantsMore();
        }
    }

    private void cancel() {
        if (!over) {
            over = true;
            pending.clear();
            listener.cancelled();
        }
    }
}
