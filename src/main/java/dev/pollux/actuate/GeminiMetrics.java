package dev.pollux.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import dev.pollux.server.CompletedRequest;
import dev.pollux.server.RequestListener;
import dev.pollux.tls.ServedCertificates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Request metrics, tagged only with low-cardinality values (capsule as configured, status, handler,
 * reason, TLS protocol and cipher) and never with a path, URL or client address:
 * <ul>
 * <li>{@code pollux.requests} (timer): every request, by capsule, status and handler</li>
 * <li>{@code pollux.requests.rejected} (counter): answered or dropped before any handler ran, by reason</li>
 * <li>{@code pollux.sent.bytes} (counter): header and body bytes, by capsule</li>
 * <li>{@code pollux.tls.sessions} (counter): requests by TLS protocol and cipher</li>
 * <li>{@code pollux.certificate.expiry} (gauge, seconds): time left on each capsule's certificate</li>
 * <li>{@code pollux.cgi.runs} (counter): CGI requests by capsule and outcome (success, failure, timeout, busy);
 *     their durations are {@code pollux.requests{handler="cgi"}}</li>
 * <li>{@code pollux.rate.limited} (counter): {@code 44} answers by scope (server, capsule: capsule and path limits)</li>
 * <li>{@code pollux.client.certificates.refused} (counter): {@code 60}/{@code 61}/{@code 62} answers by capsule and status</li>
 * </ul>
 */
public final class GeminiMetrics implements RequestListener {

    /** The metas the router and framing answer with, as rejection reasons. */
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("Request too long", "too_long"),
            Map.entry("Request must end with CRLF", "no_crlf"),
            Map.entry("Empty request", "empty"),
            Map.entry("Invalid UTF-8", "invalid_utf8"),
            Map.entry("Invalid UTF-8 in path", "invalid_utf8"),
            Map.entry("Byte order mark not allowed", "byte_order_mark"),
            Map.entry("Only gemini URLs are served", "not_gemini"),
            Map.entry("Host not served here", "unknown_host"),
            Map.entry("Port not served here", "wrong_port"),
            Map.entry("Host does not match the TLS server name", "sni_mismatch"));

    private final MeterRegistry registry;

    public GeminiMetrics(MeterRegistry registry, ServedCertificates certificates, Clock clock) {
        this.registry = registry;
        certificates.current().keySet().forEach(capsule -> Gauge.builder("pollux.certificate.expiry",
                        () -> secondsLeft(certificates, capsule, clock))
                .description("Seconds until the capsule's certificate expires (negative once it has)")
                .baseUnit("seconds")
                .tag("capsule", capsule)
                .register(registry));
    }

    @Override
    public void requestCompleted(CompletedRequest request) {
        Timer.builder("pollux.requests")
                .description("Gemini requests, from accepting the connection to closing it")
                .tags("capsule", request.capsule(), "status", request.status(), "handler", request.handler())
                .register(registry)
                .record(request.duration());
        Counter.builder("pollux.sent.bytes").baseUnit("bytes").description("Response bytes sent, header and body")
                .tag("capsule", request.capsule()).register(registry).increment(request.bytesSent());
        String reason = rejectionReason(request);
        if (reason != null) {
            Counter.builder("pollux.requests.rejected").description("Requests answered or dropped before any handler ran")
                    .tag("reason", reason).register(registry).increment();
        }
        handlerOutcomes(request);
        if (request.tlsProtocol() != null) {
            Counter.builder("pollux.tls.sessions").description("Requests by negotiated TLS protocol and cipher")
                    .tags("protocol", request.tlsProtocol(), "cipher", String.valueOf(request.tlsCipher()))
                    .register(registry).increment();
        }
    }

    /** Per-handler series, derived from the answer so the handlers stay free of metrics code. */
    private void handlerOutcomes(CompletedRequest request) {
        switch (request.handler()) {
            case "cgi" -> Counter.builder("pollux.cgi.runs").description("CGI requests by outcome")
                    .tags("capsule", request.capsule(), "outcome", cgiOutcome(request)).register(registry).increment();
            case "rate-limit", "router" -> {
                if (request.status().equals("44")) {
                    Counter.builder("pollux.rate.limited").description("Requests refused with 44 by a rate limit")
                            .tag("scope", request.handler().equals("router") ? "server" : "capsule").register(registry).increment();
                }
            }
            case "client-certificate-rules" -> Counter.builder("pollux.client.certificates.refused")
                    .description("Requests refused by a client-certificate rule")
                    .tags("capsule", request.capsule(), "status", request.status()).register(registry).increment();
            default -> {
                // other handlers have no series of their own
            }
        }
    }

    private static String cgiOutcome(CompletedRequest request) {
        if (!request.answered()) {
            return "closed";
        }
        return switch (request.status()) {
            case "41" -> "busy";
            case "42" -> request.meta().equals("Script timed out") ? "timeout" : "failure";
            default -> "success";
        };
    }

    private static String rejectionReason(CompletedRequest request) {
        if (!request.answered()) {
            return request.status();
        }
        if (!request.handler().equals("router")) {
            return null;
        }
        if (request.status().equals("59")) {
            return REASONS.getOrDefault(request.meta(), "malformed");
        }
        return REASONS.getOrDefault(request.meta(), "status_" + request.status());
    }

    private static double secondsLeft(ServedCertificates certificates, String capsule, Clock clock) {
        return Duration.between(clock.instant(), certificates.current().get(capsule).leaf().getNotAfter().toInstant()).toSeconds();
    }
}
