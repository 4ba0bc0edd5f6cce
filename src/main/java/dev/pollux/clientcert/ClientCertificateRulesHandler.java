package dev.pollux.clientcert;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Status;
import dev.pollux.tls.ClientCertificate;
import reactor.core.publisher.Mono;

/**
 * Per-capsule path rules that need a client certificate: the first rule whose path matches decides, and a
 * request it refuses ({@code 60}, {@code 61}, {@code 62}) never reaches CGI or static files. Paths no rule
 * matches pass unchanged, whatever certificate, valid or not, came with them.
 */
public final class ClientCertificateRulesHandler implements GeminiHandler {

    static final String DEFAULT_REQUIRED_META = "Client certificate required";
    static final String DEFAULT_NOT_AUTHORISED_META = "Certificate not authorised";
    static final String DEFAULT_NOT_VALID_META = "Certificate not valid";

    private final Map<String, List<ClientCertificateRule>> rulesByCapsule;
    private final Clock clock;

    /** @param rulesByCapsule each capsule's rules in order, by capsule host name */
    public ClientCertificateRulesHandler(Map<String, List<ClientCertificateRule>> rulesByCapsule, Clock clock) {
        this.rulesByCapsule = Map.copyOf(rulesByCapsule);
        this.clock = clock;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        List<ClientCertificateRule> rules = rulesByCapsule.getOrDefault(exchange.capsule().hostname(), List.of());
        if (rules.isEmpty()) {
            return chain.next(exchange);
        }
        String path = normalisedPath(exchange.request().pathSegments());
        for (ClientCertificateRule rule : rules) {
            if (rule.matches(path)) {
                GeminiResponse refusal = check(rule, exchange.clientCertificate());
                return refusal != null ? Mono.just(refusal) : chain.next(exchange);
            }
        }
        return chain.next(exchange);
    }

    /** The refusal for this certificate under this rule, or null when it may pass. */
    private GeminiResponse check(ClientCertificateRule rule, ClientCertificate certificate) {
        if (certificate == null) {
            return refuse(Status.CLIENT_CERTIFICATE_REQUIRED, rule, DEFAULT_REQUIRED_META);
        }
        if (certificate.isOutsideValidity(clock.instant())) {
            return refuse(Status.CERTIFICATE_NOT_VALID, rule, DEFAULT_NOT_VALID_META);
        }
        boolean allowed = switch (rule.require()) {
            case ANY -> true;
            case CA -> certificate.authorised();
            case FINGERPRINTS -> rule.allows(certificate);
        };
        return allowed ? null : refuse(Status.CERTIFICATE_NOT_AUTHORISED, rule, DEFAULT_NOT_AUTHORISED_META);
    }

    private static GeminiResponse refuse(Status status, ClientCertificateRule rule, String defaultMeta) {
        return GeminiResponse.of(status, rule.meta() != null ? rule.meta() : defaultMeta);
    }

    /**
     * The request's decoded path the way the file system will see it: empty and "." segments dropped and ".."
     * applied, so {@code //members/x} or {@code /a/../members/x} cannot slip past a rule for {@code /members/}.
     * A trailing slash is kept.
     */
    static String normalisedPath(List<String> segments) {
        Deque<String> kept = new ArrayDeque<>();
        for (String segment : segments) {
            if (segment.equals("..")) {
                kept.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                kept.addLast(segment);
            }
        }
        String path = "/" + String.join("/", kept);
        boolean trailingSlash = !segments.isEmpty() && List.of("", ".", "..").contains(segments.get(segments.size() - 1));
        return trailingSlash && !path.endsWith("/") ? path + "/" : path;
    }
}
