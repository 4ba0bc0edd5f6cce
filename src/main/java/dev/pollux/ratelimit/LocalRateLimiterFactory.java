package dev.pollux.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.pollux.config.Rate;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import reactor.core.publisher.Mono;

/**
 * Token buckets in this process's memory: Bucket4j's lock-free local buckets, one per limit and client key,
 * kept in one Caffeine cache that holds at most {@code maxClients} buckets across all limits.
 * <p>
 * Each limit is a bucket of {@code count} tokens refilled greedily at {@code count} per {@code period}
 * (so {@code 60/5m} gives one token back every 5 seconds, and a burst of up to 60). A bucket unused for
 * a whole period is full again, the same as a new one, so it is evicted then; under memory pressure the
 * least useful buckets go first, which at worst forgives a client some of its wait.
 * <p>
 * Time comes from the {@link Clock} (tests advance it instead of sleeping); nothing here blocks.
 */
public final class LocalRateLimiterFactory implements RateLimiterFactory {

    private final TimeMeter time;
    private final Cache<BucketKey, Bucket> buckets;
    private final LongAdder expired = new LongAdder();
    private final LongAdder evictedForRoom = new LongAdder();

    public LocalRateLimiterFactory(Clock clock, long maxClients) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1, was " + maxClients);
        }
        this.time = new ClockTimeMeter(clock);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxClients)
                .expireAfter(Expiry.accessing((BucketKey key, Bucket bucket) -> key.limiter().idleTime))
                .ticker(time::currentTimeNanos)
                .evictionListener((BucketKey key, Bucket bucket, RemovalCause cause) ->
                        (cause == RemovalCause.SIZE ? evictedForRoom : expired).increment())
                // evictions happen where the cache is used: no pool thread
                .executor(Runnable::run)
                .build();
    }

    @Override
    public RateLimiter create(String name, Rate rate) {
        return new LocalRateLimiter(name, rate);
    }

    /** Buckets held now, after pending evictions: never more than {@code maxClients}. */
    public long trackedBuckets() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** Buckets dropped because they were full again (idle for their limit's period): forgetting them forgives nothing. */
    public long expiredBuckets() {
        return expired.sum();
    }

    /**
     * Buckets dropped to stay within {@code maxClients} while still draining: each forgave its client part of a wait.
     * A rising count says {@code pollux.rate-limit-max-clients} is too small for the clients seen.
     */
    public long evictedBuckets() {
        return evictedForRoom.sum();
    }

    private final class LocalRateLimiter implements RateLimiter {

        private final String name;
        private final Bandwidth bandwidth;
        private final Duration idleTime;

        LocalRateLimiter(String name, Rate rate) {
            this.name = name;
            this.bandwidth = Bandwidth.builder().capacity(rate.count()).refillGreedy(rate.count(), rate.period()).build();
            this.idleTime = rate.period();
        }

        @Override
        public Mono<RateLimitResult> tryAcquire(String clientKey) {
            Bucket bucket = buckets.get(new BucketKey(this, clientKey), key -> newBucket());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            return Mono.just(probe.isConsumed()
                    ? RateLimitResult.ALLOWED
                    : RateLimitResult.refused(Duration.ofNanos(probe.getNanosToWaitForRefill())));
        }

        private Bucket newBucket() {
            return Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(time).build();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Identity of the limit (each limiter object is one) plus the client. */
    private record BucketKey(LocalRateLimiter limiter, String client) {
    }
}
