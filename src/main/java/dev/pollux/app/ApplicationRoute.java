package dev.pollux.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pollux.capsule.Capsule;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.RequestPath;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One {@link GeminiRoute} method of one bean: what it matches, how its parameters are bound,
 * and how its result becomes a response.
 *
 * @param description {@code Type#method (bean 'name')}, for logs and startup errors
 * @param host        the normalised host name served, {@link GeminiRoute#DEFAULT_CAPSULE}, or empty for every capsule
 * @param takesUpload the method takes an {@link Upload}: it answers Titan requests, and only those
 */
record ApplicationRoute(
        String description,
        Pattern pattern,
        String host,
        boolean strictSlashes,
        boolean takesUpload,
        Object bean,
        Method method,
        RouteArguments.Argument[] arguments,
        RouteResults results) {

    /** True when this route serves the capsule; {@code defaultCapsule} is the server's default. */
    boolean serves(Capsule capsule, Capsule defaultCapsule) {
        if (host.isEmpty()) {
            return true;
        }
        if (host.equals(GeminiRoute.DEFAULT_CAPSULE)) {
            return capsule.hostname().equals(defaultCapsule.hostname());
        }
        return capsule.hostnames().contains(host);
    }

    /** The match of the canonical path, its trailing slash removed unless the route is strict about it. */
    Optional<Matcher> match(RequestPath path) {
        Matcher matcher = pattern.matcher(strictSlashes ? path.value() : path.withoutTrailingSlash());
        return matcher.matches() ? Optional.of(matcher) : Optional.empty();
    }

    /**
     * Calls the method: a reactive one directly (it must not block), any other on {@code blocking}.
     * Failures, of binding or of the method, are errors of the returned Mono.
     */
    Mono<GeminiResponse> invoke(GeminiExchange exchange, Matcher match, Upload upload, Scheduler blocking) {
        if (results.reactive()) {
            return Mono.defer(() -> {
                try {
                    return results.adapt(call(exchange, match, upload), exchange);
                } catch (Exception e) {
                    return Mono.error(e);
                }
            });
        }
        return Mono.fromCallable(() -> call(exchange, match, upload))
                .subscribeOn(blocking)
                .flatMap(result -> results.adapt(result, exchange));
    }

    private Object call(GeminiExchange exchange, Matcher match, Upload upload) throws Exception {
        Object[] values = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            values[i] = arguments[i].resolve(exchange, match, upload);
        }
        try {
            return method.invoke(bean, values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
