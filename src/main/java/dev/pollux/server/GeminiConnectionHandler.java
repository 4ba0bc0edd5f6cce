package dev.pollux.server;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.pollux.handler.ClientConnection;
import dev.pollux.handler.ErrorResponses;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.RequestGate;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;

/**
 * The whole life of one connection after its TLS handshake: read one request line (with a deadline),
 * admit it (the server-wide rate limit, before parsing, so malformed lines count too), route it,
 * run the handler chain, write {@code NN meta\r\n} and the body ({@link ResponseWriter}), and complete,
 * which closes the connection with close_notify. Anything after the first line is dropped unread
 * ({@link RequestLineDecoder}). Installed with {@code TcpServer.doOnConnection}, as Reactor Netty's own
 * {@code handle} is, so it sees the connection itself.
 */
final class GeminiConnectionHandler implements Consumer<Connection> {

    private static final Logger log = LoggerFactory.getLogger(GeminiConnectionHandler.class);

    private final RequestRouter router;
    private final HandlerChain chain;
    private final Duration requestTimeout;
    private final List<RequestListener> listeners;
    private final RequestGate gate;
    private final ResponseWriter writer;

    GeminiConnectionHandler(RequestRouter router, HandlerChain chain, Duration requestTimeout, List<RequestListener> listeners,
                            RequestGate gate, ResponseWriter writer) {
        this.router = router;
        this.chain = chain;
        this.requestTimeout = requestTimeout;
        this.listeners = List.copyOf(listeners);
        this.gate = gate;
        this.writer = writer;
    }

    @Override
    public void accept(Connection connection) {
        try {
            serve(connection).subscribe(connection.disposeSubscriber());
        } catch (RuntimeException e) {
            log.debug("Connection {} could not be served", connection.channel(), e);
            connection.dispose();
        }
    }

    private Mono<Void> serve(Connection connection) {
        ClientConnection client = ConnectionDescriber.describe(connection.channel());
        AccessLogEntry entry = new AccessLogEntry(client);
        return connection.inbound().receiveObject()
                // copied while Reactor Netty still holds the buffer
                .map(frame -> frame instanceof ByteBuf line ? ByteBufUtil.getBytes(line) : frame)
                .next()
                .timeout(expiry(connection.channel(), requestTimeout))
                .flatMap(frame -> frame instanceof byte[] line ? respond(line, client, entry)
                        : gate.admit(client).defaultIfEmpty(GeminiResponse.refused(Status.BAD_REQUEST, "Request too long", Reason.TOO_LONG)))
                .switchIfEmpty(Mono.fromRunnable(() -> entry.outcome("closed")))
                .flatMap(response -> {
                    entry.response(response);
                    return writer.write(connection.channel(), response, entry);
                })
                .onErrorResume(TimeoutException.class, e -> {
                    entry.outcome("timeout");
                    return Mono.empty();
                })
                .onErrorResume(e -> {
                    log.debug("Connection from {} failed", client.remoteAddress(), e);
                    if (!entry.ended()) {
                        entry.outcome("error");
                    }
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    if (signal == SignalType.CANCEL && !entry.ended()) {
                        entry.outcome("closed");
                    }
                    CompletedRequest completed = entry.complete();
                    for (RequestListener listener : listeners) {
                        listener.requestCompleted(completed);
                    }
                });
    }

    /**
     * Fires once after {@code timeout} on the connection's own event loop: unlike {@code timeout(Duration)}, whose timer
     * lives on Reactor's parallel scheduler, arming and cancelling it involves no other thread (that hop and the timer
     * thread's wake-ups were ~5 % of a small request's CPU).
     */
    private static Mono<Long> expiry(Channel channel, Duration timeout) {
        return Mono.create(sink -> {
            ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> sink.success(0L), timeout.toNanos(), TimeUnit.NANOSECONDS);
            sink.onCancel(() -> timer.cancel(false));
        });
    }

    /** The response for one framed line; the frame still ends with its line terminator. */
    private Mono<GeminiResponse> respond(byte[] frame, ClientConnection client, AccessLogEntry entry) {
        boolean crlf = frame.length >= 2 && frame[frame.length - 2] == '\r' && frame[frame.length - 1] == '\n';
        byte[] line = Arrays.copyOf(frame, frame.length - (crlf ? 2 : 1));
        entry.request(line);
        return gate.admit(client).switchIfEmpty(Mono.defer(() -> route(line, crlf, client, entry)));
    }

    private Mono<GeminiResponse> route(byte[] line, boolean crlf, ClientConnection client, AccessLogEntry entry) {
        if (!crlf) {
            return Mono.just(GeminiResponse.refused(Status.BAD_REQUEST, "Request must end with CRLF", Reason.NO_CRLF));
        }
        try {
            GeminiExchange exchange = router.route(line, client);
            entry.capsule(exchange.capsule().hostname());
            return chain.run(exchange, entry::answeredBy).onErrorResume(e -> Mono.just(ErrorResponses.toResponse(e)));
        } catch (RuntimeException e) {
            return Mono.just(ErrorResponses.toResponse(e));
        }
    }
}
