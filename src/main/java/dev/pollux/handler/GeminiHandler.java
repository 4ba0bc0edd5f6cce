package dev.pollux.handler;

import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Mono;

/**
 * One step of request handling (rate limit, client-certificate rules, application routes, CGI, static files).
 * A handler answers, or passes the exchange on with {@code chain.next(exchange)}.
 * Handlers run on a Netty event-loop thread: blocking work must move to a bounded scheduler.
 * Beans are ordered by {@link org.springframework.core.annotation.Order}.
 */
@FunctionalInterface
public interface GeminiHandler {

    Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain);
}
