package dev.pollux.support;

import java.util.function.BiFunction;

import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Mono;

/** Handlers written as lambdas, for tests that stand in for an application. */
public final class TestHandlers {

    private TestHandlers() {
    }

    public static GeminiHandler at(Stage stage, BiFunction<GeminiExchange, HandlerChain, Mono<GeminiResponse>> handle) {
        return new GeminiHandler() {
            @Override
            public Stage stage() {
                return stage;
            }

            @Override
            public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
                return handle.apply(exchange, chain);
            }
        };
    }
}
