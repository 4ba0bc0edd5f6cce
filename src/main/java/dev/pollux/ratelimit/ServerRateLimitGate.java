package dev.pollux.ratelimit;

import dev.pollux.handler.ClientConnection;
import dev.pollux.handler.RequestGate;
import dev.pollux.protocol.GeminiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The server-wide limit ({@code pollux.rate-limit}), checked for every request line before it is parsed,
 * so garbage costs the same as a real request. A failing limiter lets requests through rather than refusing everyone.
 */
public final class ServerRateLimitGate implements RequestGate {

    private static final Logger log = LoggerFactory.getLogger(ServerRateLimitGate.class);

    private final ClientKeyResolver keys;
    private final RateLimiter limiter;

    public ServerRateLimitGate(ClientKeyResolver keys, RateLimiter limiter) {
        this.keys = keys;
        this.limiter = limiter;
    }

    @Override
    public Mono<GeminiResponse> admit(ClientConnection client) {
        return Mono.justOrEmpty(keys.keyFor(client.remoteAddress().getAddress()))
                .flatMap(limiter::tryAcquire)
                .filter(result -> !result.allowed())
                .map(RateLimitResult::toResponse)
                .onErrorResume(e -> {
                    log.warn("Rate limiter failed; letting the request through", e);
                    return Mono.empty();
                });
    }
}
