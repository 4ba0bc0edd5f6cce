package dev.pollux.handler;

import java.util.List;

import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Mono;

/** The handlers after the current one; past the last, nothing claimed the request: {@code 51}. */
public final class HandlerChain {

    private final List<GeminiHandler> handlers;
    private final int index;

    public HandlerChain(List<GeminiHandler> handlers) {
        this(List.copyOf(handlers), 0);
    }

    private HandlerChain(List<GeminiHandler> handlers, int index) {
        this.handlers = handlers;
        this.index = index;
    }

    public Mono<GeminiResponse> next(GeminiExchange exchange) {
        if (index >= handlers.size()) {
            return Mono.just(GeminiResponse.notFound());
        }
        return Mono.defer(() -> handlers.get(index).handle(exchange, new HandlerChain(handlers, index + 1)));
    }
}
