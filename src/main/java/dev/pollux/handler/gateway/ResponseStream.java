package dev.pollux.handler.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.ResponseHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.MonoSink;

/**
 * One application's output turned into a response: the first line is checked as a CGI script's header, the
 * rest is the body ({@link BodyStream}), read from the application only as the client takes it. Everything
 * here runs on the application connection's event loop; the protocol's handler feeds it what the application
 * sends.
 *
 * <p>Before the header, every failure answers {@code 42} and abandons the connection (the protocol tells the
 * application, where it can). After it, a failure, or silence beyond the body timeout while the client waits,
 * breaks the body off, so the response is cut rather than looking complete. A client that leaves abandons it too.
 */
public final class ResponseStream {

    private static final Logger log = LoggerFactory.getLogger(ResponseStream.class);

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
    private final HeaderLine line = new HeaderLine();
    private volatile Connection connection;
    private volatile boolean cancelled;
    private Phase phase = Phase.CONNECTING;
    private BodyStream body;
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

    /** The next bytes of the application's output (read here; the caller releases the buffer). */
    public void output(ByteBuf content) {
        switch (phase) {
            case HEADER -> {
                if (line.read(content)) {
                    header(content);
                }
            }
            case BODY -> {
                waiting = false;
                body.add(content);
            }
            case DISCARD -> waitingSinceNanos = System.nanoTime();
            default -> {
                // abandoned or over: nothing more is wanted
            }
        }
    }

    /** A read from the application is over: read again if the response still waits for output. */
    public void readComplete() {
        if (phase == Phase.HEADER || phase == Phase.DISCARD || phase == Phase.BODY && body.waitsForOutput()) {
            connection.read();
        }
    }

    /** The application's output ended in order; {@code reusable} when its connection may serve another request. */
    public void ended(boolean reusable) {
        switch (phase) {
            case HEADER -> {
                log.warn("{} application {} ended its output without a header", reasons.protocol(), name);
                finish(reusable);
                answer.success(reasons.failedResponse());
            }
            case BODY -> {
                release(reusable);
                body.end();
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
                answer.success(reasons.failedResponse());
            }
            case BODY -> {
                log.warn("{} application {} failed after its header: {}", reasons.protocol(), name, why);
                abandon();
                body.fail(why);
            }
            case DISCARD -> abandon();
            default -> {
            }
        }
    }

    private void header(ByteBuf rest) {
        timer.cancel(false);
        Optional<ResponseHeader> header = line.header();
        if (header.isEmpty()) {
            invalidHeader();
            return;
        }
        // from here the body's watchdog runs, and counts the time until the server subscribes as waiting, so a
        // response that is never written does not hold its connection for ever
        waitingSinceNanos = System.nanoTime();
        timer = connection.eventLoop().schedule(this::checkProgress, bodyTimeout.toNanos(), TimeUnit.NANOSECONDS);
        if (!header.get().status().isSuccess()) {
            // nothing more goes to the client; what the application still sends is read and dropped, so its
            // connection can be kept
            phase = Phase.DISCARD;
            answer.success(new GeminiResponse(header.get(), null));
            return;
        }
        phase = Phase.BODY;
        body = new BodyStream(connection.eventLoop(), name, new BodyListener());
        body.add(rest);
        answer.success(new GeminiResponse(header.get(), body.flux()));
    }

    private void invalidHeader() {
        log.warn("{} application {} sent an invalid header: {}", reasons.protocol(), name, line.start());
        abandon();
        answer.success(reasons.invalidHeaderResponse());
    }

    private void headerTimedOut() {
        if (phase == Phase.HEADER) {
            log.warn("{} application {} sent no header within {}", reasons.protocol(), name, headerTimeout);
            abandon();
            answer.success(reasons.timeoutResponse());
        }
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
        boolean stalled = phase == Phase.DISCARD || waiting || !body.isSubscribed();
        if (stalled && silent >= bodyTimeout.toNanos()) {
            if (phase == Phase.BODY && body.isSubscribed()) {
                log.warn("{} application {} sent nothing for {} while the client waited; response cut", reasons.protocol(), name, bodyTimeout);
                abandon();
                body.fail("silent for " + bodyTimeout);
            } else {
                // discarding, or the response was never written (its connection failed first)
                abandon();
                if (body != null) {
                    body.fail("never written");
                }
            }
            return;
        }
        long next = stalled ? bodyTimeout.toNanos() - silent : bodyTimeout.toNanos();
        timer = connection.eventLoop().schedule(this::checkProgress, Math.max(next, 1), TimeUnit.NANOSECONDS);
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

    /** The body's signals, on the event loop. */
    private final class BodyListener implements BodyStream.Listener {

        @Override
        public void wantsMore() {
            if (!waiting) {
                startWaiting();
                connection.read();
            }
        }

        @Override
        public void cancelled() {
            if (phase == Phase.BODY) {
                abandon();
            }
        }

        @Override
        public void completed() {
            finish(false);
        }
    }
}
