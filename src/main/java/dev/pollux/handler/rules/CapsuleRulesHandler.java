package dev.pollux.handler.rules;

import java.util.regex.Matcher;

import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.handler.file.MimeTypes;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.PercentEncoding;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;
import reactor.core.publisher.Mono;

/**
 * Applies the capsule's per-path rules ({@link CapsuleRules}), first match wins: redirects ({@code 30}/{@code 31}),
 * gone ({@code 52}), hidden ({@code 51}), and media-type/lang/charset overrides of what later
 * handlers answer. Patterns match the whole canonical path, the one value files and scripts are found by.
 */
public final class CapsuleRulesHandler implements GeminiHandler {

    @Override
    public Stage stage() {
        return Stage.CAPSULE_RULES;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        String path = exchange.request().path().value();
        for (CapsuleRule rule : exchange.capsule().policy(CapsuleRules.POLICY).rules()) {
            Matcher matcher = rule.pattern().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            return switch (rule.action()) {
                case REDIRECT -> Mono.just(GeminiResponse.redirect(target(exchange.request(), rule, matcher), rule.permanent()));
                case GONE -> Mono.just(GeminiResponse.refused(Status.GONE, "Gone", Reason.GONE));
                case HIDDEN -> Mono.just(GeminiResponse.refused(Status.NOT_FOUND, "Not found", Reason.HIDDEN));
                case OVERRIDE -> chain.next(exchange).map(response -> override(response, rule));
            };
        }
        return chain.next(exchange);
    }

    private static String target(GeminiRequest request, CapsuleRule rule, Matcher matcher) {
        StringBuilder expanded = new StringBuilder();
        matcher.appendReplacement(expanded, rule.target());
        String target = PercentEncoding.encodeUnsafe(expanded.toString());
        return target.startsWith("/") ? request.origin() + target : target;
    }

    private static GeminiResponse override(GeminiResponse response, CapsuleRule rule) {
        if (response.status() != Status.SUCCESS) {
            return response;
        }
        String[] parts = response.meta().split(";");
        String type = parts[0].trim();
        String charset = null;
        String lang = null;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("charset=")) {
                charset = parameter.substring("charset=".length());
            } else if (parameter.startsWith("lang=")) {
                lang = parameter.substring("lang=".length());
            }
        }
        return response.withMeta(MimeTypes.withParameters(
                rule.mimeType() != null ? rule.mimeType() : type,
                rule.charset() != null ? rule.charset() : charset,
                rule.lang() != null ? rule.lang() : lang));
    }
}
