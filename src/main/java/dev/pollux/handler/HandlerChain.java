package dev.pollux.handler;

import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Mono;

/**
 * The handlers after the current one, in {@link Stage} order; past the last, nothing claimed the request: {@code 51}.
 * Each run reports the stage that produced the response (the innermost one: a handler that only passes a
 * response on, or adjusts it, does not claim it).
 */
public final class HandlerChain {

    private final List<GeminiHandler> handlers;
    private final int index;
    private final Consumer<Stage> answeredBy;

    public HandlerChain(List<GeminiHandler> handlers) {
        this(handlers.stream().sorted(Comparator.comparing(GeminiHandler::stage)).toList(), 0, stage -> { });
    }

    private HandlerChain(List<GeminiHandler> handlers, int index, Consumer<Stage> answeredBy) {
        this.handlers = handlers;
        this.index = index;
        this.answeredBy = answeredBy;
    }

    /** Runs the whole chain for one request; {@code answeredBy} hears the answering stage first. */
    public Mono<GeminiResponse> run(GeminiExchange exchange, Consumer<Stage> answeredBy) {
        return new HandlerChain(handlers, 0, answeredBy).next(exchange);
    }

    public Mono<GeminiResponse> next(GeminiExchange exchange) {
        if (index >= handlers.size()) {
            return Mono.fromSupplier(() -> {
                answeredBy.accept(Stage.END_OF_CHAIN);
                return GeminiResponse.notFound();
            });
        }
        GeminiHandler handler = handlers.get(index);
        return Mono.defer(() -> handler.handle(exchange, new HandlerChain(handlers, index + 1, answeredBy)))
                .doOnNext(response -> answeredBy.accept(handler.stage()));
    }
}
