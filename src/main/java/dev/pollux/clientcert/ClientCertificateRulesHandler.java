package dev.pollux.clientcert;

import java.time.Clock;

import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.tls.ClientCertificate;
import reactor.core.publisher.Mono;

/**
 * Each capsule's path rules that need a client certificate ({@link ClientCertificatePolicy}): the first rule whose
 * path matches the canonical request path decides, and a request it refuses ({@code 60}, {@code 61}, {@code 62}) never reaches CGI or static files. Paths no rule
 * matches pass unchanged, whatever certificate, valid or not, came with them.
 */
public final class ClientCertificateRulesHandler implements GeminiHandler {

    private final Clock clock;

    public ClientCertificateRulesHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Stage stage() {
        return Stage.CLIENT_CERTIFICATE_RULES;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        String path = exchange.request().path().value();
        for (ClientCertificateRule rule : exchange.capsule().policy(ClientCertificatePolicy.POLICY).rules()) {
            if (rule.matches(path)) {
                GeminiResponse refusal = check(rule, exchange.clientCertificate());
                return refusal != null ? Mono.just(refusal) : chain.next(exchange);
            }
        }
        return chain.next(exchange);
    }

    /** The refusal for this certificate under this rule, or null when it may pass. */
    private GeminiResponse check(ClientCertificateRule rule, ClientCertificate certificate) {
        return rule.requirement().refusal(certificate, clock.instant(), rule.meta());
    }
}
