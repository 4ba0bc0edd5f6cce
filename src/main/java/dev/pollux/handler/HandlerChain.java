package dev.pollux.handler;

import java.util.List;
import java.util.function.Consumer;

import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Mono;

/**
 * The handlers after the current one; past the last, nothing claimed the request: {@code 51}.
 * Each run reports the name of the handler that produced the response (the innermost one:
 * a handler that only passes a response on, or adjusts it, does not claim it).
 */
public final class HandlerChain {

    /** Reported when no handler answered and the chain's end gave {@code 51}. */
    public static final String NO_HANDLER = "none";

    private final List<GeminiHandler> handlers;
    private final int index;
    private final Consumer<String> answeredBy;

    public HandlerChain(List<GeminiHandler> handlers) {
        this(List.copyOf(handlers), 0, name -> { });
    }

    private HandlerChain(List<GeminiHandler> handlers, int index, Consumer<String> answeredBy) {
        this.handlers = handlers;
        this.index = index;
        this.answeredBy = answeredBy;
    }

    /** Runs the whole chain for one request; {@code answeredBy} hears the answering handler's name first. */
    public Mono<GeminiResponse> run(GeminiExchange exchange, Consumer<String> answeredBy) {
        return new HandlerChain(handlers, 0, answeredBy).next(exchange);
    }

    public Mono<GeminiResponse> next(GeminiExchange exchange) {
        if (index >= handlers.size()) {
            return Mono.fromSupplier(() -> {
                answeredBy.accept(NO_HANDLER);
                return GeminiResponse.notFound();
            });
        }
        GeminiHandler handler = handlers.get(index);
        return Mono.defer(() -> handler.handle(exchange, new HandlerChain(handlers, index + 1, answeredBy)))
                .doOnNext(response -> answeredBy.accept(handler.name()));
    }
}
