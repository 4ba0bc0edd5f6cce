package dev.pollux.actuate;

import java.time.Clock;

import dev.pollux.PolluxVersion;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.config.PolluxProperties;
import dev.pollux.config.RateLimitStoreFailure;
import dev.pollux.handler.cgi.CgiLimiter;
import dev.pollux.ratelimit.LocalRateLimiterFactory;
import dev.pollux.ratelimit.RateLimitStoreStatus;
import dev.pollux.ratelimit.StoreFailure;
import dev.pollux.server.AccessLog;
import dev.pollux.server.GeminiServer;
import dev.pollux.tls.CertificateReloader;
import dev.pollux.tls.ServedCertificates;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health indicators, info and metrics for operators. */
@Configuration(proxyBeanMethods = false)
public class OperationsConfiguration {

    /** Named "gemini" in the health report and in the readiness group. */
    @Bean
    GeminiListenerHealthIndicator geminiHealthIndicator(GeminiServer server) {
        return new GeminiListenerHealthIndicator(server);
    }

    @Bean
    CertificateHealthIndicator certificatesHealthIndicator(ServedCertificates certificates, Clock clock, PolluxProperties properties) {
        return new CertificateHealthIndicator(certificates, clock, properties.tls().expiryWarning());
    }

    @Bean
    PolluxInfoContributor polluxInfoContributor(CapsuleRegistry capsules, ServedCertificates certificates) {
        return new PolluxInfoContributor(capsules, certificates);
    }

    @Bean
    GeminiMetrics geminiMetrics(MeterRegistry registry, ServedCertificates certificates) {
        return new GeminiMetrics(registry, certificates);
    }

    /**
     * {@code pollux.build.info} (always 1, the version and Java runtime as tags, to join on or to see a rollout),
     * {@code pollux.cgi.running} (scripts running now) and {@code pollux.certificate.reload.failures} (renewed
     * certificate files that could not be used, so the old certificate stayed).
     */
    /**
     * {@code pollux.ready} (1 while the Gemini listener accepts connections and the application accepts traffic, as the
     * readiness probe sees it) and {@code pollux.direct.memory.used}/{@code .max} (bytes): Netty's own direct buffers,
     * which the JVM's buffer-pool metrics do not count, against their limit ({@code -XX:MaxDirectMemorySize}).
     */
    @Bean
    MeterBinder polluxReadinessMetrics(GeminiServer server, ApplicationAvailability availability) {
        return registry -> {
            Gauge.builder("pollux.ready", () -> server.isRunning()
                            && availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC ? 1 : 0)
                    .description("1 while the Gemini listener accepts connections and the server is ready").register(registry);
            Gauge.builder("pollux.direct.memory.used", DirectMemory::used).baseUnit("bytes")
                    .description("Direct memory Netty and the JVM's buffers use").register(registry);
            Gauge.builder("pollux.direct.memory.max", DirectMemory::max).baseUnit("bytes")
                    .description("The most direct memory Netty may use").register(registry);
        };
    }

    @Bean
    MeterBinder polluxStateMetrics(CgiLimiter cgi, CertificateReloader reloader) {
        return registry -> {
            Gauge.builder("pollux.build.info", () -> 1).description("The running Pollux version")
                    .tags("version", PolluxVersion.current(), "java", Runtime.version().toString()).register(registry);
            Gauge.builder("pollux.cgi.running", cgi, CgiLimiter::running).description("CGI scripts running now").register(registry);
            FunctionCounter.builder("pollux.certificate.reload.failures", reloader, CertificateReloader::failures)
                    .description("Changed certificate files that could not be used; the previous certificate stayed").register(registry);
        };
    }

    /** {@code pollux.access.log.dropped}: access-log lines dropped because the writer could not keep up. */
    @Bean
    MeterBinder accessLogMetrics(AccessLog accessLog) {
        return registry -> FunctionCounter.builder("pollux.access.log.dropped", accessLog, AccessLog::dropped)
                .description("Access-log lines dropped because the log could not keep up").register(registry);
    }

    @Bean
    GeminiChannelMetrics geminiChannelMetrics(MeterRegistry registry) {
        return new GeminiChannelMetrics(registry);
    }

    /**
     * The local store's buckets: {@code pollux.rate.limit.states} held now (at most {@code pollux.rate-limit-max-clients}),
     * and {@code pollux.rate.limit.states.removed} by cause: {@code expired} (full again, nothing forgiven) or
     * {@code evicted} (dropped for room while still draining: the bound is too small for the clients seen).
     */
    @Bean
    MeterBinder rateLimitStateMetrics(ObjectProvider<LocalRateLimiterFactory> localStore) {
        return registry -> localStore.ifAvailable(buckets -> {
            Gauge.builder("pollux.rate.limit.states", buckets, LocalRateLimiterFactory::trackedBuckets)
                    .description("Rate-limit buckets held in memory (one per limit and client)")
                    .register(registry);
            FunctionCounter.builder("pollux.rate.limit.states.removed", buckets, LocalRateLimiterFactory::expiredBuckets)
                    .description("Rate-limit buckets removed, by cause").tag("cause", "expired").register(registry);
            FunctionCounter.builder("pollux.rate.limit.states.removed", buckets, LocalRateLimiterFactory::evictedBuckets)
                    .description("Rate-limit buckets removed, by cause").tag("cause", "evicted").register(registry);
        });
    }

    /** Named "rateLimitStore" in the health report; only with the shared store. */
    @Bean
    @ConditionalOnProperty(name = "pollux.rate-limit-store", havingValue = "redis")
    RateLimitStoreHealthIndicator rateLimitStoreHealthIndicator(RateLimitStoreStatus store) {
        return new RateLimitStoreHealthIndicator(store);
    }

    /**
     * {@code pollux.rate.limit.store.failures}: calls to the shared store that failed or were late, by reason, and what the
     * requests got instead ({@code decision}: allowed or denied, from {@code pollux.rate-limit-store-failure}).
     */
    @Bean
    @ConditionalOnProperty(name = "pollux.rate-limit-store", havingValue = "redis")
    MeterBinder rateLimitStoreMetrics(RateLimitStoreStatus store) {
        String decision = store.policy() == RateLimitStoreFailure.ALLOW ? "allowed" : "denied";
        return registry -> {
            for (StoreFailure failure : StoreFailure.values()) {
                FunctionCounter.builder("pollux.rate.limit.store.failures", store, status -> status.failures(failure))
                        .description("Rate-limit store calls that failed or timed out, answered per pollux.rate-limit-store-failure")
                        .tags("reason", failure.tag(), "decision", decision)
                        .register(registry);
            }
        };
    }
}
