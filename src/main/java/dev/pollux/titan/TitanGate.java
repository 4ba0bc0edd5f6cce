package dev.pollux.titan;

import java.time.Clock;

import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;
import dev.pollux.protocol.TitanParameters;
import reactor.core.publisher.Mono;

/**
 * Admits Titan uploads by their capsule's {@link TitanPolicy}, from their request line alone, before any byte of their
 * body is read, and after rate limits, client-certificate rules and capsule rules: not accepted by the capsule
 * ({@code 53}), no certificate or not the one required ({@code 60}, {@code 61}, {@code 62}), token missing or wrong
 * ({@code 61}), a path that may not be written ({@code 50}), larger than the limit ({@code 59}), a media type not
 * accepted ({@code 50}). Who may upload is checked first, so a stranger learns nothing of the rest. What passes goes
 * on, body unread, to application routes, CGI scripts or file writes; Gemini requests pass untouched.
 */
final class TitanGate implements GeminiHandler {

    private final Clock clock;

    TitanGate(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Stage stage() {
        return Stage.TITAN;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        GeminiRequest request = exchange.request();
        if (!request.isTitan()) {
            return chain.next(exchange);
        }
        GeminiResponse refusal = refusal(exchange.capsule().policy(TitanPolicy.POLICY), exchange);
        return refusal != null ? Mono.just(refusal) : chain.next(exchange);
    }

    private GeminiResponse refusal(TitanPolicy policy, GeminiExchange exchange) {
        TitanParameters titan = exchange.request().titan();
        if (!policy.enabled()) {
            return GeminiResponse.refused(Status.PROXY_REQUEST_REFUSED, "Titan uploads are not accepted here", Reason.TITAN_NOT_SERVED);
        }
        if (policy.requirement() != null) {
            GeminiResponse refused = policy.requirement().refusal(exchange.clientCertificate(), clock.instant(), null);
            if (refused != null) {
                return refused;
            }
        }
        if (policy.token() != null && !policy.token().matches(titan.token())) {
            return GeminiResponse.refused(Status.CERTIFICATE_NOT_AUTHORISED, titan.token() == null ? "Token required" : "Token not accepted",
                    Reason.TITAN_TOKEN_REJECTED);
        }
        if (!policy.mayWrite(exchange.request().path())) {
            return GeminiResponse.refused(Status.PERMANENT_FAILURE, "Uploads are not accepted at this path", Reason.TITAN_PATH_REFUSED);
        }
        if (titan.size() > policy.maxSize()) {
            return GeminiResponse.refused(Status.BAD_REQUEST, "Upload larger than " + policy.maxSize() + " bytes", Reason.TITAN_TOO_LARGE);
        }
        // an empty upload deletes: whatever type it names
        if (titan.size() > 0 && !policy.accepts(titan.essence())) {
            return GeminiResponse.refused(Status.PERMANENT_FAILURE, "Media type not accepted", Reason.TITAN_TYPE_REFUSED);
        }
        return null;
    }
}
