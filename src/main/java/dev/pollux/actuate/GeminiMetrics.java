package dev.pollux.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.pollux.handler.Stage;
import dev.pollux.protocol.Reason;
import dev.pollux.server.CompletedRequest;
import dev.pollux.server.RequestListener;
import dev.pollux.tls.ServedCertificates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Request metrics, tagged only with low-cardinality values (capsule as configured, status, handler,
 * reason, TLS protocol and cipher) and never with a path, URL or client address. Every tag comes from a
 * typed fact of the request ({@link Stage}, {@link Reason}), never from a class name or a meta's text:
 * <ul>
 * <li>{@code pollux.requests} (timer): every request, by capsule, status and handler</li>
 * <li>{@code pollux.requests.rejected} (counter): answered or dropped before any handler ran, by reason</li>
 * <li>{@code pollux.sent.bytes} (counter): header and body bytes, by capsule</li>
 * <li>{@code pollux.tls.sessions} (counter): requests by TLS protocol and cipher</li>
 * <li>{@code pollux.certificate.expiry} (gauge, seconds): time left on each capsule's certificate</li>
 * <li>{@code pollux.cgi.runs} (counter): CGI requests by capsule and outcome (success, failure, timeout, busy);
 *     their durations are {@code pollux.requests{handler="cgi"}}</li>
 * <li>{@code pollux.fastcgi.requests}, {@code pollux.scgi.requests} (counters): requests to applications by capsule and
 *     outcome (success, busy, unavailable, timeout, invalid_header, failure); their durations are
 *     {@code pollux.requests{handler="fastcgi"}} and {@code {handler="scgi"}}</li>
 * <li>{@code pollux.rate.limited} (counter): {@code 44} answers by scope (server, capsule: capsule and path limits)</li>
 * <li>{@code pollux.client.certificates.refused} (counter): {@code 60}/{@code 61}/{@code 62} answers by capsule and status</li>
 * <li>{@code pollux.proxy.requests} (counter): requests relayed by the reverse proxy, by capsule and outcome: {@code answered}
 *     (the backend's own header was passed on), {@code cut} (its body broke off), or the reason of a {@code 43}
 *     ({@code backend_unreachable}, {@code backend_connect_timeout}, {@code backend_tls_failed}, {@code backend_header_timeout},
 *     {@code backend_invalid_header}, {@code backend_closed}); their durations are {@code pollux.requests{handler="proxy"}}</li>
 * </ul>
 */
public final class GeminiMetrics implements RequestListener {

    private final MeterRegistry registry;
    /** The meters every request records to, looked up once: the registry's own lookup builds an id and sorts tags each time. */
    private final Map<RequestSeries, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> sentBytes = new ConcurrentHashMap<>();

    private record RequestSeries(String capsule, String status, String handler) {
    }

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
        requestTimers.computeIfAbsent(new RequestSeries(request.capsule(), request.status(), request.handlerTag()), series ->
                        Timer.builder("pollux.requests")
                                .description("Gemini requests, from accepting the connection to closing it")
                                .tags("capsule", series.capsule(), "status", series.status(), "handler", series.handler())
                                .register(registry))
                .record(request.duration());
        sentBytes.computeIfAbsent(request.capsule(), capsule ->
                        Counter.builder("pollux.sent.bytes").baseUnit("bytes").description("Response bytes sent, header and body")
                                .tag("capsule", capsule).register(registry))
                .increment(request.bytesSent());
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
        if (request.stage() == Stage.CGI) {
            Counter.builder("pollux.cgi.runs").description("CGI requests by outcome")
                    .tags("capsule", request.capsule(), "outcome", cgiOutcome(request)).register(registry).increment();
        }
        if (request.stage() == Stage.PROXY) {
            Counter.builder("pollux.proxy.requests").description("Requests relayed to a backend by outcome")
                    .tags("capsule", request.capsule(), "outcome", proxyOutcome(request)).register(registry).increment();
        }
        if (request.stage() == Stage.FASTCGI || request.stage() == Stage.SCGI) {
            Counter.builder(request.stage() == Stage.FASTCGI ? "pollux.fastcgi.requests" : "pollux.scgi.requests")
                    .description("Requests to FastCGI or SCGI applications by outcome")
                    .tags("capsule", request.capsule(), "outcome", gatewayOutcome(request.reason())).register(registry).increment();
        }
        if (request.reason() == Reason.RATE_LIMITED) {
            Counter.builder("pollux.rate.limited").description("Requests refused with 44 by a rate limit")
                    .tag("scope", request.stage() == Stage.ROUTER ? "server" : "capsule").register(registry).increment();
        }
        if (request.stage() == Stage.CLIENT_CERTIFICATE_RULES) {
            Counter.builder("pollux.client.certificates.refused")
                    .description("Requests refused by a client-certificate rule")
                    .tags("capsule", request.capsule(), "status", request.status()).register(registry).increment();
        }
    }

    private static String cgiOutcome(CompletedRequest request) {
        if (request.reason() == null) {
            return "success";
        }
        return switch (request.reason()) {
            case CGI_BUSY -> "busy";
            case CGI_TIMEOUT -> "timeout";
            default -> "failure";
        };
    }

    private static String proxyOutcome(CompletedRequest request) {
        if (request.reason() != null) {
            return request.reason().tag();
        }
        return request.cut() != null ? "cut" : "answered";
    }

    private static String gatewayOutcome(Reason reason) {
        if (reason == null) {
            return "success";
        }
        return switch (reason) {
            case FASTCGI_BUSY, SCGI_BUSY -> "busy";
            case FASTCGI_UNAVAILABLE, SCGI_UNAVAILABLE -> "unavailable";
            case FASTCGI_TIMEOUT, SCGI_TIMEOUT -> "timeout";
            case FASTCGI_INVALID_HEADER, SCGI_INVALID_HEADER -> "invalid_header";
            default -> "failure";
        };
    }

    /** The rejection reason of a request answered or dropped before any handler ran; null for the others. */
    private static String rejectionReason(CompletedRequest request) {
        if (!request.answered()) {
            return request.status();
        }
        if (request.stage() != Stage.ROUTER) {
            return null;
        }
        return request.reason() != null ? request.reason().tag() : "status_" + request.status();
    }

    private static double secondsLeft(ServedCertificates certificates, String capsule, Clock clock) {
        return Duration.between(clock.instant(), certificates.current().get(capsule).leaf().getNotAfter().toInstant()).toSeconds();
    }
}
