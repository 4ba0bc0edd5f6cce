package dev.pollux.app;

import java.util.Optional;
import java.util.regex.Matcher;

import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.handler.ErrorResponses;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.handler.UploadSpool;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.RequestPath;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Application routes in the handler chain, before CGI and static files: the first route whose host and
 * pattern match the request (its canonical path) answers it; a request no route claims, or whose route answers nothing
 * (null, an empty {@code Mono}), goes on down the chain. Failures become statuses in
 * {@link ErrorResponses}: a {@link dev.pollux.protocol.GeminiException} its own, anything else
 * {@code 40 Internal server error}, never the exception's text. A Titan upload goes to the routes that take an
 * {@link Upload}, and only to them: its whole body is received first, to a temporary file deleted once the route has
 * answered, and a route that answers nothing then answers {@code 51} (the body is spent: nothing after it could read it).
 */
public final class ApplicationRouteHandler implements GeminiHandler {

    private final GeminiRouteRegistry registry;
    private final CapsuleRegistry capsules;
    private final Scheduler blocking;

    /**
     * @param blocking where routes that do not return a {@code Mono} or {@code Flux} are called, off the event loop
     */
    public ApplicationRouteHandler(GeminiRouteRegistry registry, CapsuleRegistry capsules, Scheduler blocking) {
        this.registry = registry;
        this.capsules = capsules;
        this.blocking = blocking;
    }

    @Override
    public Stage stage() {
        return Stage.APPLICATION_ROUTES;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        RequestPath path = exchange.request().path();
        for (ApplicationRoute route : registry.routes()) {
            if (route.takesUpload() != exchange.request().isTitan() || !route.serves(exchange.capsule(), capsules.defaultCapsule())) {
                continue;
            }
            Optional<Matcher> match = route.match(path);
            if (match.isPresent() && route.takesUpload()) {
                return upload(exchange, route, match.get());
            }
            if (match.isPresent()) {
                return route.invoke(exchange, match.get(), null, blocking)
                        .onErrorResume(failure -> Mono.just(ErrorResponses.toResponse(failure)))
                        .switchIfEmpty(Mono.defer(() -> chain.next(exchange)));
            }
        }
        return chain.next(exchange);
    }

    private Mono<GeminiResponse> upload(GeminiExchange exchange, ApplicationRoute route, Matcher match) {
        return UploadSpool.spooled(exchange.upload(), blocking,
                        file -> route.invoke(exchange, match, new Upload(file, exchange.request().titan()), blocking))
                .onErrorResume(failure -> Mono.just(ErrorResponses.toResponse(failure)))
                .switchIfEmpty(Mono.fromSupplier(GeminiResponse::notFound));
    }
}
