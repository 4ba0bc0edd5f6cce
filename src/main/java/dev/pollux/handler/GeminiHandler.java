package dev.pollux.handler;

import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Mono;

/**
 * One step of request handling (rate limit, client-certificate rules, capsule rules, application routes,
 * CGI, static files). A handler answers, or passes the exchange on with {@code chain.next(exchange)}.
 * Handlers run on a Netty event-loop thread: blocking work must move to a bounded scheduler.
 */
public interface GeminiHandler {

    /** Where this handler runs in the chain, and the tag its answers are counted under. */
    Stage stage();

    Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain);
}
