package dev.pollux.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import dev.pollux.config.RateLimitStoreFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the shared store has been answering: failures counted by {@link StoreFailure} (for the metric), and whether the
 * latest call failed (for health). A change between answering and failing is logged once each way, not once per request,
 * so an outage under load does not flood the log.
 */
public final class RateLimitStoreStatus {

    private static final Logger log = LoggerFactory.getLogger(RateLimitStoreStatus.class);

    private final RateLimitStoreFailure policy;
    private final Duration timeout;
    private final Clock clock;
    private final BooleanSupplier connected;
    private final Map<StoreFailure, AtomicLong> failures = new EnumMap<>(StoreFailure.class);
    /** The failure that started the current outage, or null while the store answers. */
    private final AtomicReference<Outage> outage = new AtomicReference<>();

    /** Failing since {@code since}; {@code latest} is the most recent failure's reason and message. */
    public record Outage(Instant since, StoreFailure latest, String message) {
    }

    /** @param connected whether the store's connection is up now, with or without requests to show it */
    public RateLimitStoreStatus(RateLimitStoreFailure policy, Duration timeout, Clock clock, BooleanSupplier connected) {
        this.policy = policy;
        this.timeout = timeout;
        this.clock = clock;
        this.connected = connected;
        for (StoreFailure failure : StoreFailure.values()) {
            failures.put(failure, new AtomicLong());
        }
    }

    public RateLimitStoreFailure policy() {
        return policy;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Calls that failed for this reason since startup, each answered per {@link #policy()}. */
    public long failures(StoreFailure failure) {
        return failures.get(failure).get();
    }

    public boolean connected() {
        return connected.getAsBoolean();
    }

    /** The current outage, or null while the store answers. */
    public Outage outage() {
        return outage.get();
    }

    void answered() {
        Outage ended = outage.getAndSet(null);
        if (ended != null) {
            log.info("The rate-limit store answers again (failing since {}); limits are shared again", ended.since());
        }
    }

    void failed(Throwable error) {
        StoreFailure failure = StoreFailure.of(error);
        failures.get(failure).incrementAndGet();
        String message = failure == StoreFailure.TIMEOUT ? "no answer within " + timeout : String.valueOf(error.getMessage());
        Outage previous = outage.getAndUpdate(current -> new Outage(current == null ? clock.instant() : current.since(), failure, message));
        if (previous == null) {
            log.warn("The rate-limit store is failing ({}: {}); until it answers, rate-limited requests are {} (pollux.rate-limit-store-failure)",
                    failure.tag(), message, policy == RateLimitStoreFailure.ALLOW ? "allowed" : "answered 44");
        }
    }
}
