package dev.pollux.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.reactive.context.AnnotationConfigReactiveWebServerApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Pollux's defaults for Spring's own settings, built into the jar (lowest precedence, so
 * application.yml, arguments and environment variables override each): the Actuator on its own
 * HTTP port with health, info and prometheus only, Kubernetes probe groups, and the Gemini
 * listener in readiness. The only HTTP server is the management one: {@code server.port=-1} starts no
 * main web server (see {@link ManagementWebServerFactory}), so Boot runs the Actuator on its separate
 * management server, where every {@code management.server.*} setting (address, port, base path, SSL) applies.
 * <p>
 * Safe where nothing else is configured: the Actuator answers on loopback only (health details and metrics name
 * certificates and capsules; the chart and the image open it to what probes and scrapers need), and under systemd
 * generated certificates go to the unit's state directory, not to a {@code certs} directory relative to {@code /}.
 */
public class PolluxDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "polluxDefaults";

    /** Set by systemd for a unit with {@code StateDirectory=}: one or more absolute paths, separated by colons. */
    static final String STATE_DIRECTORY = "STATE_DIRECTORY";

    /** Request latency buckets for Gemini: a small page answers in milliseconds, a CGI script or a slow reader in seconds. */
    static final String REQUEST_BUCKETS = "5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s,30s,60s";

    /**
     * Auto-configurations for features Pollux never uses, left out of every start: together about 350 classes
     * and their beans fewer (see "Performance" in README.md). Pollux has no aspects, no {@code @Async} or
     * {@code @Scheduled} methods, no method validation ({@code @ConfigurationProperties} are validated by Boot's
     * binder, which does not need {@code ValidationAutoConfiguration}), no HTTP application (so no multipart,
     * sessions or HTTP observations) and no observations of its own. An application that needs one of them sets
     * {@code spring.autoconfigure.exclude} itself, which replaces this list.
     */
    static final List<String> UNUSED_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration",
            "org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration",
            "org.springframework.boot.webflux.autoconfigure.ReactiveMultipartAutoConfiguration",
            "org.springframework.boot.webflux.autoconfigure.WebFluxObservationAutoConfiguration",
            "org.springframework.boot.webflux.autoconfigure.WebSessionIdResolverAutoConfiguration");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("management.server.port", "9090");
        defaults.put("management.server.address", "127.0.0.1");
        defaults.put("server.port", "-1");
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.endpoint.health.show-details", "always");
        defaults.put("management.endpoint.health.group.readiness.include", "readinessState,gemini");
        defaults.put("management.endpoint.health.group.liveness.include", "livenessState");
        defaults.put("management.info.java.enabled", "true");
        // explicit buckets rather than Micrometer's percentile histogram: a dozen series per tag set instead of ~70
        defaults.put("management.metrics.distribution.slo.pollux.requests", REQUEST_BUCKETS);
        String stateDirectory = environment.getProperty(STATE_DIRECTORY);
        if (stateDirectory != null && !stateDirectory.isBlank()) {
            defaults.put("pollux.tls.certificate-directory", stateDirectory.split(":")[0] + "/certs");
        }
        defaults.put("spring.autoconfigure.exclude", String.join(",", UNUSED_AUTO_CONFIGURATIONS));
        // the shared rate-limit store reports DEGRADED while requests go through unlimited: worse than UP, still HTTP 200
        defaults.put("management.endpoint.health.status.order", "down,out-of-service,degraded,up,unknown");
        // ... in its own indicator, which reads what the limiters saw; Boot's would call Redis on every health check
        defaults.put("management.health.redis.enabled", "false");
        defaults.put("spring.data.redis.repositories.enabled", "false");
        // A command Redis has not answered within a second is dropped by Lettuce (a request stops waiting for it after
        // pollux.rate-limit-store-timeout): commands in flight stay few even when Redis hangs
        defaults.put("spring.data.redis.timeout", "1s");
        defaults.put("spring.data.redis.connect-timeout", "2s");
        // A context that fails to start logs the whole chain of causes in one WARN line before Boot reports the
        // failure (as a short analysis, or with its stack trace); the report is enough.
        defaults.put("logging.level." + AnnotationConfigReactiveWebServerApplicationContext.class.getName(), "error");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }
}
