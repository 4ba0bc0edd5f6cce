package dev.pollux.ratelimit;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.pollux.capsule.Capsule;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.protocol.GeminiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.AntPathMatcher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * First in the chain: the capsule's limit and the limits of the paths the request matches, each checked in
 * turn; the first that refuses answers {@code 44 N} and nothing after it runs (nor is counted).
 * The server-wide limit is not here: {@link ServerRateLimitGate} checks it before parsing.
 */
public final class RateLimitHandler implements GeminiHandler {

    private static final Logger log = LoggerFactory.getLogger(RateLimitHandler.class);
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final ClientKeyResolver keys;
    private final Map<Capsule, List<Limit>> limitsByCapsule;

    /** @param limitsByCapsule each capsule's limits in the order they are checked; capsules without any may be absent */
    public RateLimitHandler(ClientKeyResolver keys, Map<Capsule, List<Limit>> limitsByCapsule) {
        this.keys = keys;
        this.limitsByCapsule = new IdentityHashMap<>(limitsByCapsule);
    }

    /**
     * One limit of a capsule.
     *
     * @param pathPattern the paths it applies to (see {@link dev.pollux.config.PathRateLimitProperties}), or null for all
     */
    public record Limit(String pathPattern, RateLimiter limiter) {

        /** Patterns are matched like paths, without empty segments: {@code /cgi-bin//x/} is {@code /cgi-bin/x}. */
        public Limit {
            pathPattern = pathPattern == null ? null : normalisedPath(List.of(pathPattern.split("/")));
        }

        boolean appliesTo(String path) {
            return pathPattern == null || PATHS.match(pathPattern, path);
        }
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        List<Limit> limits = limitsByCapsule.get(exchange.capsule());
        if (limits == null) {
            return chain.next(exchange);
        }
        String key = keys.keyFor(exchange.connection().remoteAddress().getAddress()).orElse(null);
        if (key == null) {
            return chain.next(exchange);
        }
        String path = normalisedPath(exchange.request().pathSegments());
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

    /** The decoded path without empty segments, as files are looked up: {@code //cgi-bin/x/} is {@code /cgi-bin/x}. */
    static String normalisedPath(List<String> segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            if (!segment.isEmpty()) {
                path.append('/').append(segment);
            }
        }
        return path.isEmpty() ? "/" : path.toString();
    }
}
