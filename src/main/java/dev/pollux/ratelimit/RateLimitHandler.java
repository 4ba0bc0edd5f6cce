package dev.pollux.ratelimit;

import java.util.List;

import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.RequestPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * First in the chain: the capsule's limits ({@link RateLimitPolicy}) that apply to the canonical request path,
 * each checked in turn; the first that refuses answers {@code 44 N} and nothing after it runs (nor is counted).
 * The server-wide limit is not here: {@link ServerRateLimitGate} checks it before parsing.
 */
public final class RateLimitHandler implements GeminiHandler {

    private static final Logger log = LoggerFactory.getLogger(RateLimitHandler.class);

    private final ClientKeyResolver keys;

    public RateLimitHandler(ClientKeyResolver keys) {
        this.keys = keys;
    }

    @Override
    public Stage stage() {
        return Stage.RATE_LIMIT;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        List<RateLimitPolicy.Limit> limits = exchange.capsule().policy(RateLimitPolicy.POLICY).limits();
        if (limits.isEmpty()) {
            return chain.next(exchange);
        }
        String key = keys.keyFor(exchange.connection().remoteAddress().getAddress()).orElse(null);
        if (key == null) {
            return chain.next(exchange);
        }
        RequestPath path = exchange.request().path();
        return Flux.fromIterable(limits)
                .filter(limit -> limit.appliesTo(path))
                .concatMap(limit -> limit.limiter().tryAcquire(key))
                .filter(result -> !result.allowed())
                .next()
                .map(RateLimitResult::toResponse)
                .onErrorResume(e -> {
                    log.warn("Rate limiter failed; letting the request through", e);
                    return Mono.empty();
                })
                .switchIfEmpty(chain.next(exchange));
    }
}
