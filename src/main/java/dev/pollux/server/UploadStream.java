package dev.pollux.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.pollux.handler.IncompleteUpload;
import dev.pollux.handler.UploadBody;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Operators;

/**
 * A Titan request's body as it comes off its connection ({@link RequestLineDecoder}): exactly {@code size} bytes, each
 * buffer read from the socket only when the subscriber asks for it, so memory per upload is a buffer or two whatever its
 * size. The request timeout applies to progress: while a buffer is asked for and none is there, the client has that long
 * to send some. The state is touched on the channel's event loop only; requests and cancellation are moved there.
 */
final class UploadStream implements UploadBody, RequestLineDecoder.BodyReader {

    /** The most handed out in one buffer. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final Channel channel;
    private final RequestLineDecoder decoder;
    private final long size;
    private final Duration timeout;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private FluxSink<ByteBuffer> sink;
    private long demand;
    private long remaining;
    /** When the subscriber last asked for bytes that were not there yet (nanoTime), or -1 when it is not waiting. */
    private long waitingSince = -1;
    private boolean done;
    private ScheduledFuture<?> watchdog;

    UploadStream(Channel channel, RequestLineDecoder decoder, long size, Duration timeout) {
        this.channel = channel;
        this.decoder = decoder;
        this.size = size;
        this.timeout = timeout;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Flux<ByteBuffer> content() {
        return Flux.create(created -> {
            if (!subscribed.compareAndSet(false, true)) {
                created.error(new IllegalStateException("an upload body can be read once"));
                return;
            }
            // started before any request is taken: both are moved to the event loop, in this order
            onEventLoop(() -> start(created));
            created.onRequest(n -> onEventLoop(() -> request(n)));
            created.onCancel(() -> onEventLoop(this::cancel));
        }, FluxSink.OverflowStrategy.ERROR);
    }

    private void start(FluxSink<ByteBuffer> created) {
        sink = created;
        remaining = size;
        if (size == 0) {
            done = true;
            created.complete();
            return;
        }
        watchdog = channel.eventLoop().schedule(this::checkProgress, timeout.toNanos(), TimeUnit.NANOSECONDS);
        decoder.readBody(this);
    }

    private void request(long n) {
        demand = Operators.addCap(demand, n);
        pump();
    }

    @Override
    public void bytesArrived() {
        waitingSince = -1;
        pump();
    }

    @Override
    public void inputClosed() {
        fail(IncompleteUpload.closed());
    }

    /** Hands out what has arrived, as far as demand goes, and asks the socket for more when the subscriber waits. */
    private void pump() {
        while (!done && sink != null && demand > 0) {
            ByteBuffer chunk = decoder.take((int) Math.min(CHUNK_BYTES, remaining));
            if (chunk == null) {
                if (waitingSince < 0) {
                    waitingSince = System.nanoTime();
                    decoder.readMore();
                }
                return;
            }
            waitingSince = -1;
            remaining -= chunk.remaining();
            demand--;
            if (remaining == 0) {
                // the body is complete: anything after it is dropped, never read into a buffer
                stop();
                sink.next(chunk);
                sink.complete();
                return;
            }
            sink.next(chunk);
        }
    }

    private void checkProgress() {
        if (done) {
            return;
        }
        long waited = waitingSince < 0 ? 0 : System.nanoTime() - waitingSince;
        if (waited >= timeout.toNanos()) {
            fail(IncompleteUpload.timedOut());
            return;
        }
        watchdog = channel.eventLoop().schedule(this::checkProgress, timeout.toNanos() - waited, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        stop();
    }

    private void fail(IncompleteUpload failure) {
        if (!done) {
            stop();
            if (sink != null) {
                sink.error(failure);
            }
        }
    }

    /** Ends reading: the watchdog is stopped and the rest of what the client sends is dropped. */
    private void stop() {
        done = true;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        decoder.discard();
    }

    private void onEventLoop(Runnable action) {
        if (channel.eventLoop().inEventLoop()) {
            action.run();
        } else {
            channel.eventLoop().execute(action);
        }
    }
}
