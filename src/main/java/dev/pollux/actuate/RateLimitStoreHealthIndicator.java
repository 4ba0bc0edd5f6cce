package dev.pollux.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pollux.config.RateLimitStoreFailure;
import dev.pollux.ratelimit.RateLimitStoreStatus;
import dev.pollux.ratelimit.StoreFailure;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The shared rate-limit store, from what the limiters saw (no extra call to Redis): UP while it answers; when it does not
 * (not connected, or the latest call failed), DEGRADED under {@code allow} (requests go through unlimited: the capsule
 * works, HTTP 200) and DOWN under {@code deny} (rate-limited requests are answered 44). Not in the readiness group: an
 * outage of Redis must not take every replica out of the Service at once.
 */
public final class RateLimitStoreHealthIndicator implements HealthIndicator {

    /** Between DOWN and UP in {@code management.endpoint.health.status.order}; answered with HTTP 200. */
    public static final Status DEGRADED = new Status("DEGRADED");

    private final RateLimitStoreStatus store;

    public RateLimitStoreHealthIndicator(RateLimitStoreStatus store) {
        this.store = store;
    }

    @Override
    public Health health() {
        RateLimitStoreStatus.Outage outage = store.outage();
        boolean connected = store.connected();
        Status failing = store.policy() == RateLimitStoreFailure.ALLOW ? DEGRADED : Status.DOWN;
        Health.Builder health = Health.status(outage == null && connected ? Status.UP : failing)
                .withDetail("store", "redis")
                .withDetail("connected", connected)
                .withDetail("onFailure", store.policy().name().toLowerCase())
                .withDetail("timeout", store.timeout().toString());
        Map<String, Long> failures = new LinkedHashMap<>();
        for (StoreFailure failure : StoreFailure.values()) {
            failures.put(failure.tag(), store.failures(failure));
        }
        health.withDetail("failures", failures);
        if (outage != null) {
            health.withDetail("failingSince", outage.since().toString())
                    .withDetail("lastFailure", outage.latest().tag() + ": " + outage.message());
        }
        return health.build();
    }
}
