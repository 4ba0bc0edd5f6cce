package dev.pollux.handler;

import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Mono;

/**
 * One step of request handling (rate limit, client-certificate rules, application routes, CGI, static files).
 * A handler answers, or passes the exchange on with {@code chain.next(exchange)}.
 * Handlers run on a Netty event-loop thread: blocking work must move to a bounded scheduler.
 * Beans are ordered by {@link org.springframework.core.annotation.Order}.
 */
public interface GeminiHandler {

    Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain);

    /** The handler's name in metrics: the class name without "Handler", in kebab case ("static-file"). */
    default String name() {
        String simple = getClass().getSimpleName().replaceFirst("Handler$", "");
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
