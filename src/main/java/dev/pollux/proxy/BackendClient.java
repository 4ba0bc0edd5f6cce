package dev.pollux.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.tcp.SslProvider;
import reactor.netty.tcp.TcpClient;

/**
 * Connects to one backend with Reactor Netty's {@link TcpClient} (non-blocking: Netty's own DNS resolver, TLS with SNI
 * for the backend's host name, a new connection per request as Gemini has no reuse) and relays one request on it
 * ({@link BackendExchange}). Connecting, resolving and the TLS handshake together take at most the connect timeout.
 * Every failure becomes a {@code 43} with its reason ({@link BackendFailure}).
 */
final class BackendClient {

    private static final Logger log = LoggerFactory.getLogger(BackendClient.class);

    private final TcpClient tcp;
    private final String origin;
    private final Duration connectTimeout;
    private final Duration headerTimeout;
    private final Duration bodyTimeout;

    BackendClient(BackendAddress backend, SslContext tls, Duration connectTimeout, Duration headerTimeout, Duration bodyTimeout) {
        this.origin = backend.origin();
        this.connectTimeout = connectTimeout;
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.tcp = TcpClient.newConnection()
                .host(backend.host())
                .port(backend.port())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .secure(spec -> {
                    SslProvider.Builder builder = spec.sslContext(tls).handshakeTimeout(connectTimeout);
                    if (backend.serverName() != null) {
                        builder.serverNames(backend.serverName());
                    }
                });
    }

    /** Sends {@code url} and answers with the backend's response, or a {@code 43}. */
    Mono<GeminiResponse> exchange(String url) {
        byte[] request = (url + "\r\n").getBytes(StandardCharsets.UTF_8);
        return tcp.connect()
                .timeout(connectTimeout)
                .flatMap(connection -> BackendExchange.start(connection, request, headerTimeout, bodyTimeout))
                .onErrorResume(failure -> {
                    Reason reason = BackendFailure.ofConnect(failure);
                    if (reason == Reason.BACKEND_TLS_FAILED) {
                        // most often a certificate that is not the pinned or a trusted one: the operator must see why
                        log.warn("TLS with backend {} failed: {}", origin, rootMessage(failure));
                    } else {
                        log.debug("Backend {} failed: {}", origin, failure.toString());
                    }
                    return Mono.just(BackendFailure.response(reason));
                });
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
