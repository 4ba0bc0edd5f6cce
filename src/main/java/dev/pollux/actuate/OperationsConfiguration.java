package dev.pollux.actuate;

import java.time.Clock;

import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.config.PolluxProperties;
import dev.pollux.config.RateLimitStoreFailure;
import dev.pollux.ratelimit.RateLimitStoreStatus;
import dev.pollux.ratelimit.StoreFailure;
import dev.pollux.server.AccessLog;
import dev.pollux.server.GeminiServer;
import dev.pollux.tls.ServedCertificates;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
    GeminiMetrics geminiMetrics(MeterRegistry registry, ServedCertificates certificates, Clock clock) {
        return new GeminiMetrics(registry, certificates, clock);
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
