package dev.pollux.actuate;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

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
 * typed fact of the request ({@link Stage}, {@link Reason}), never from a class name or a meta's text. Every counter
 * exists from startup at zero for each capsule and each outcome it can count, so an alert on its rate sees 0, not
 * "no data", until the first event:
 * <ul>
 * <li>{@code pollux.requests} (timer): every request, by capsule, status and handler</li>
 * <li>{@code pollux.requests.rejected} (counter): answered or dropped before any handler ran, by reason</li>
 * <li>{@code pollux.sent.bytes} (counter): header and body bytes, by capsule</li>
 * <li>{@code pollux.certificate.not.after.timestamp} (gauge, seconds since the epoch): when each capsule's certificate
 *     expires; {@code pollux_certificate_not_after_timestamp_seconds - time()} is the time left</li>
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

    /** Answers before any handler ran that every server can give: framing, parsing and routing, plus no answer at all. */
    private static final List<String> REJECTION_REASONS = Stream.concat(
            EnumSet.range(Reason.EMPTY, Reason.SNI_MISMATCH).stream().map(Reason::tag),
            Stream.of(Reason.RATE_LIMITED.tag(), "timeout", "closed", "error")).toList();
    private static final List<String> CGI_OUTCOMES = List.of("success", "failure", "timeout", "busy");
    private static final List<String> PROXY_OUTCOMES = Stream.concat(Stream.of("answered", "cut"),
            EnumSet.range(Reason.BACKEND_UNREACHABLE, Reason.BACKEND_CLOSED).stream().map(Reason::tag)).toList();
    private static final List<String> GATEWAY_OUTCOMES = List.of("success", "busy", "unavailable", "timeout", "invalid_header", "failure");
    private static final List<String> REFUSING_STATUSES = List.of("60", "61", "62");

    public GeminiMetrics(MeterRegistry registry, ServedCertificates certificates) {
        this.registry = registry;
        for (String capsule : certificates.current().keySet()) {
            Gauge.builder("pollux.certificate.not.after.timestamp", () -> notAfter(certificates, capsule))
                    .description("When the capsule's certificate expires, in seconds since the epoch")
                    .baseUnit("seconds")
                    .tag("capsule", capsule)
                    .register(registry);
            sentBytes(capsule);
            CGI_OUTCOMES.forEach(outcome -> cgiRuns(capsule, outcome));
            PROXY_OUTCOMES.forEach(outcome -> proxyRequests(capsule, outcome));
            for (String outcome : GATEWAY_OUTCOMES) {
                gatewayRequests(Stage.FASTCGI, capsule, outcome);
                gatewayRequests(Stage.SCGI, capsule, outcome);
            }
            REFUSING_STATUSES.forEach(status -> certificatesRefused(capsule, status));
        }
        REJECTION_REASONS.forEach(this::rejected);
        rateLimited("server");
        rateLimited("capsule");
    }

    @Override
    public void requestCompleted(CompletedRequest request) {
        requestTimers.computeIfAbsent(new RequestSeries(request.capsule(), request.status(), request.handlerTag()), series ->
                        Timer.builder("pollux.requests")
                                .description("Gemini requests, from accepting the connection to closing it")
                                .tags("capsule", series.capsule(), "status", series.status(), "handler", series.handler())
                                .register(registry))
                .record(request.duration());
        sentBytes(request.capsule()).increment(request.bytesSent());
        String reason = rejectionReason(request);
        if (reason != null) {
            rejected(reason).increment();
        }
        handlerOutcomes(request);
    }

    /** Per-handler series, derived from the answer so the handlers stay free of metrics code. */
    private void handlerOutcomes(CompletedRequest request) {
        if (request.stage() == Stage.CGI) {
            cgiRuns(request.capsule(), cgiOutcome(request)).increment();
        }
        if (request.stage() == Stage.PROXY) {
            proxyRequests(request.capsule(), proxyOutcome(request)).increment();
        }
        if (request.stage() == Stage.FASTCGI || request.stage() == Stage.SCGI) {
            gatewayRequests(request.stage(), request.capsule(), gatewayOutcome(request.reason())).increment();
        }
        if (request.reason() == Reason.RATE_LIMITED) {
            rateLimited(request.stage() == Stage.ROUTER ? "server" : "capsule").increment();
        }
        if (request.stage() == Stage.CLIENT_CERTIFICATE_RULES) {
            certificatesRefused(request.capsule(), request.status()).increment();
        }
    }

    private Counter sentBytes(String capsule) {
        return sentBytes.computeIfAbsent(capsule, name -> Counter.builder("pollux.sent.bytes").baseUnit("bytes")
                .description("Response bytes sent, header and body").tag("capsule", name).register(registry));
    }

    private Counter rejected(String reason) {
        return counter("pollux.requests.rejected", "Requests answered or dropped before any handler ran", "reason", reason);
    }

    private Counter cgiRuns(String capsule, String outcome) {
        return counter("pollux.cgi.runs", "CGI requests by outcome", "capsule", capsule, "outcome", outcome);
    }

    private Counter proxyRequests(String capsule, String outcome) {
        return counter("pollux.proxy.requests", "Requests relayed to a backend by outcome", "capsule", capsule, "outcome", outcome);
    }

    private Counter gatewayRequests(Stage stage, String capsule, String outcome) {
        return counter(stage == Stage.FASTCGI ? "pollux.fastcgi.requests" : "pollux.scgi.requests",
                "Requests to FastCGI or SCGI applications by outcome", "capsule", capsule, "outcome", outcome);
    }

    private Counter rateLimited(String scope) {
        return counter("pollux.rate.limited", "Requests refused with 44 by a rate limit", "scope", scope);
    }

    private Counter certificatesRefused(String capsule, String status) {
        return counter("pollux.client.certificates.refused", "Requests refused by a client-certificate rule", "capsule", capsule, "status", status);
    }

    /** The registry returns the meter already registered under the same name and tags. */
    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
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

    private static double notAfter(ServedCertificates certificates, String capsule) {
        return certificates.current().get(capsule).leaf().getNotAfter().toInstant().getEpochSecond();
    }
}
