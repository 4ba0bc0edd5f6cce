package dev.pollux.handler.gateway;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.pollux.handler.cgi.CgiHeaderParser;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.ResponseHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.MonoSink;

/**
 * One application's output turned into a response: the first line is checked as a CGI script's header, the
 * rest is the body, read from the application only as the client takes it. Everything here runs on the
 * application connection's event loop; the protocol's handler feeds it what the application sends.
 *
 * <p>Before the header, every failure answers {@code 42} and abandons the connection (the protocol tells the
 * application, where it can). After it, a failure or silence beyond the body timeout while the client waits
 * signals an error, so the response is cut rather than looking complete. A client that leaves abandons it too.
 */
public final class ResponseStream {

    private static final Logger log = LoggerFactory.getLogger(ResponseStream.class);
    private static final int LOGGED_LINE_CHARS = 80;

    /** What the stream needs of the connection it reads from; called on the connection's event loop. */
    public interface Connection {

        EventLoop eventLoop();

        /** Asks for the next read from the application. */
        void read();

        /** The request is given up: tell the application if the protocol can, and close. */
        void abandon();

        /** The application's output ended; {@code reusable} when the connection may serve another request. */
        void finished(boolean reusable);
    }

    private enum Phase { CONNECTING, HEADER, BODY, DISCARD, DONE }

    private final String name;
    private final GatewayReasons reasons;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final MonoSink<GeminiResponse> answer;
    private final byte[] line = new byte[CgiHeaderParser.MAX_LINE_BYTES];
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private volatile Connection connection;
    private volatile boolean cancelled;
    private int lineLength;
    private Phase phase = Phase.CONNECTING;
    private FluxSink<ByteBuffer> body;
    private boolean ended;
    private boolean released;
    private boolean waiting;
    private long waitingSinceNanos;
    private ScheduledFuture<?> timer;

    /** @param name the application as logs name it */
    ResponseStream(String name, GatewayReasons reasons, Duration headerTimeout, Duration bodyTimeout, MonoSink<GeminiResponse> answer) {
        this.name = name;
        this.reasons = reasons;
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.answer = answer;
    }

    public String name() {
        return name;
    }

    /** Connected: the header is awaited from now on. False when the client has left meanwhile (the connection is then abandoned). */
    boolean start(Connection started) {
        connection = started;
        if (cancelled) {
            abandon();
            return false;
        }
        phase = Phase.HEADER;
        timer = started.eventLoop().schedule(this::headerTimedOut, headerTimeout.toNanos(), TimeUnit.NANOSECONDS);
        started.read();
        return true;
    }

    /** The client left before the header. Any thread. */
    void cancel() {
        cancelled = true;
        Connection current = connection;
        if (current != null) {
            current.eventLoop().execute(() -> {
                if (phase == Phase.HEADER) {
                    abandon();
                }
            });
        }
    }

    /** The next bytes of the application's output (the stream only reads them; the caller releases the buffer). */
    public void output(ByteBuf content) {
        switch (phase) {
            case HEADER -> headerBytes(content);
            case BODY -> {
                if (content.isReadable()) {
                    pending.add(copy(content));
                    waiting = false;
                    drain();
                }
            }
            case DISCARD -> waitingSinceNanos = System.nanoTime();
            default -> {
                // abandoned or over: nothing more is wanted
            }
        }
    }

    /** A read from the application is over: read again if the response still waits for output. */
    public void readComplete() {
        if (phase == Phase.HEADER || phase == Phase.DISCARD || phase == Phase.BODY && wantsMore()) {
            connection.read();
        }
    }

    /** The application's output ended in order; {@code reusable} when its connection may serve another request. */
    public void ended(boolean reusable) {
        switch (phase) {
            case HEADER -> {
                log.warn("{} application {} ended its output without a header", reasons.protocol(), name);
                finish(reusable);
                respond(reasons.failedResponse());
            }
            case BODY -> {
                ended = true;
                release(reusable);
                drain();
            }
            case DISCARD -> finish(reusable);
            default -> {
            }
        }
    }

    /** The connection failed or closed before the output ended. */
    public void broken(String why) {
        switch (phase) {
            case HEADER -> {
                log.warn("{} application {} failed before its header: {}", reasons.protocol(), name, why);
                abandon();
                respond(reasons.failedResponse());
            }
            case BODY -> {
                log.warn("{} application {} failed after its header: {}", reasons.protocol(), name, why);
                failBody(why);
            }
            case DISCARD -> abandon();
            default -> {
            }
        }
    }

    private void headerBytes(ByteBuf content) {
        while (content.isReadable()) {
            byte next = content.readByte();
            if (next == '\n') {
                header(content);
                return;
            }
            if (lineLength == line.length) {
                invalidHeader();
                return;
            }
            line[lineLength++] = next;
        }
    }

    private void header(ByteBuf rest) {
        timer.cancel(false);
        Optional<ResponseHeader> header = CgiHeaderParser.parse(Arrays.copyOf(line, lineLength));
        if (header.isEmpty()) {
            invalidHeader();
            return;
        }
        startWaiting();
        timer = connection.eventLoop().schedule(this::checkProgress, bodyTimeout.toNanos(), TimeUnit.NANOSECONDS);
        if (!header.get().status().isSuccess()) {
            // nothing more goes to the client; what the application still sends is read and dropped, so its
            // connection can be kept
            phase = Phase.DISCARD;
            respond(new GeminiResponse(header.get(), null));
            return;
        }
        phase = Phase.BODY;
        if (rest.isReadable()) {
            pending.add(copy(rest));
        }
        respond(new GeminiResponse(header.get(), Flux.create(this::subscribed)));
    }

    private void invalidHeader() {
        String start = new String(line, 0, Math.min(lineLength, LOGGED_LINE_CHARS), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
        log.warn("{} application {} sent an invalid header: {}", reasons.protocol(), name, start);
        abandon();
        respond(reasons.invalidHeaderResponse());
    }

    private void headerTimedOut() {
        if (phase == Phase.HEADER) {
            log.warn("{} application {} sent no header within {}", reasons.protocol(), name, headerTimeout);
            abandon();
            respond(reasons.timeoutResponse());
        }
    }

    /** The server subscribes to the body (any thread). */
    private void subscribed(FluxSink<ByteBuffer> sink) {
        connection.eventLoop().execute(() -> {
            if (body != null || phase != Phase.BODY) {
                sink.error(new IOException(name + ": the body is no longer available"));
                return;
            }
            body = sink;
            waiting = false;
            sink.onRequest(ignored -> connection.eventLoop().execute(this::drain));
            sink.onCancel(() -> connection.eventLoop().execute(this::bodyCancelled));
            drain();
        });
    }

    /** Hands pending output to the client as far as it asked for it; reads more when it asks for more than there is. */
    private void drain() {
        if (body == null || phase != Phase.BODY) {
            return;
        }
        while (!pending.isEmpty() && body.requestedFromDownstream() > 0) {
            body.next(pending.poll());
        }
        if (!pending.isEmpty()) {
            return;
        }
        if (ended) {
            phase = Phase.DONE;
            timer.cancel(false);
            body.complete();
        } else if (wantsMore() && !waiting) {
            startWaiting();
            connection.read();
        }
    }

    private boolean wantsMore() {
        return body != null && pending.isEmpty() && !ended && body.requestedFromDownstream() > 0;
    }

    private void startWaiting() {
        waiting = true;
        waitingSinceNanos = System.nanoTime();
    }

    /** The body's watchdog: the application silent while the client waits, or a response nobody subscribed to. */
    private void checkProgress() {
        if (phase != Phase.BODY && phase != Phase.DISCARD) {
            return;
        }
        long silent = System.nanoTime() - waitingSinceNanos;
        boolean stalled = phase == Phase.DISCARD || waiting;
        if (stalled && silent >= bodyTimeout.toNanos()) {
            if (phase == Phase.BODY && body != null) {
                log.warn("{} application {} sent nothing for {} while the client waited; response cut", reasons.protocol(), name, bodyTimeout);
                failBody("silent for " + bodyTimeout);
            } else {
                // discarding, or the response was never written (its connection failed first)
                abandon();
            }
            return;
        }
        long next = stalled ? bodyTimeout.toNanos() - silent : bodyTimeout.toNanos();
        timer = connection.eventLoop().schedule(this::checkProgress, Math.max(next, 1), TimeUnit.NANOSECONDS);
    }

    private void bodyCancelled() {
        if (phase == Phase.BODY) {
            pending.clear();
            abandon();
        }
    }

    private void failBody(String why) {
        pending.clear();
        boolean subscribed = body != null;
        abandon();
        if (subscribed) {
            body.error(new IOException(name + ": " + why));
        }
    }

    private void respond(GeminiResponse response) {
        answer.success(response);
    }

    /** Gives the request up: no more output is wanted. */
    private void abandon() {
        phase = Phase.DONE;
        if (timer != null) {
            timer.cancel(false);
        }
        if (!released && connection != null) {
            released = true;
            connection.abandon();
        }
    }

    private void finish(boolean reusable) {
        phase = Phase.DONE;
        if (timer != null) {
            timer.cancel(false);
        }
        release(reusable);
    }

    private void release(boolean reusable) {
        if (!released) {
            released = true;
            connection.finished(reusable);
        }
    }

    private static ByteBuffer copy(ByteBuf content) {
        ByteBuffer copy = ByteBuffer.allocate(content.readableBytes());
        content.readBytes(copy);
        return copy.flip();
    }
}
