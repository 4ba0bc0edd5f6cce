package dev.pollux.app;

import java.lang.reflect.Method;

import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.file.MimeTypes;
import dev.pollux.protocol.GeminiResponse;
import org.springframework.core.ResolvableType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a route method's return type becomes, decided once at startup. Gemtext is sent as
 * {@code 20 text/gemini}, with the capsule's {@code lang} when it has one.
 */
enum RouteResults {

    /** {@code GeminiResponse}: sent as it is. */
    RESPONSE(false),
    /** {@code String}: a whole gemtext page. */
    GEMTEXT(false),
    /** {@code Mono<GeminiResponse>}, {@code Mono<String>}. */
    MONO(true),
    /** {@code Flux<String>}: gemtext lines, each sent with a LF as soon as it is produced. */
    LINES(true);

    private final boolean reactive;

    RouteResults(boolean reactive) {
        this.reactive = reactive;
    }

    /** True when the method returns a publisher: it is called on the event loop and must not block. */
    boolean reactive() {
        return reactive;
    }

    /**
     * @throws IllegalArgumentException when a route cannot return this type
     */
    static RouteResults of(Method method) {
        ResolvableType type = ResolvableType.forMethodReturnType(method);
        Class<?> raw = type.resolve(Object.class);
        if (raw == GeminiResponse.class) {
            return RESPONSE;
        }
        if (raw == String.class) {
            return GEMTEXT;
        }
        Class<?> element = type.getGeneric(0).resolve(Object.class);
        if (raw == Mono.class && (element == GeminiResponse.class || element == String.class)) {
            return MONO;
        }
        if (raw == Flux.class && element == String.class) {
            return LINES;
        }
        throw new IllegalArgumentException("returns " + type + ", but a route returns GeminiResponse, String, "
                + "Mono<GeminiResponse>, Mono<String> or Flux<String>");
    }

    /** The response for what the method returned; empty (the request passes on) for null or an empty Mono. */
    @SuppressWarnings("unchecked")
    Mono<GeminiResponse> adapt(Object result, GeminiExchange exchange) {
        if (result == null) {
            return Mono.empty();
        }
        return switch (this) {
            case RESPONSE -> Mono.just((GeminiResponse) result);
            case GEMTEXT -> Mono.just(gemtext(exchange, (String) result));
            case MONO -> ((Mono<Object>) result).map(value -> value instanceof String page
                    ? gemtext(exchange, page) : (GeminiResponse) value);
            case LINES -> Mono.just(GeminiResponse.success(gemtextMeta(exchange),
                    ((Flux<String>) result).map(line -> GeminiResponses.utf8(line + "\n"))));
        };
    }

    private static GeminiResponse gemtext(GeminiExchange exchange, String page) {
        return GeminiResponses.success(gemtextMeta(exchange), page);
    }

    /** UTF-8 is Gemini's default, so only the capsule's {@code lang} is added (its {@code charset} describes files). */
    private static String gemtextMeta(GeminiExchange exchange) {
        return MimeTypes.withParameters(MimeTypes.GEMINI, null, exchange.capsule().lang());
    }
}
