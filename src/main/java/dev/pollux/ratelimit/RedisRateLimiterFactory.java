package dev.pollux.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.pollux.config.Rate;
import dev.pollux.config.RateLimitStoreFailure;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Token buckets in Redis, shared by every replica: the same buckets as {@link LocalRateLimiterFactory} (a burst of
 * {@code count}, refilled greedily over {@code period}), each kept under {@code pollux:rl:<limit>:<rate>:<client>}.
 * The rate is part of the key because Bucket4j stores a bucket's configuration with its state: changing a limit in the
 * configuration starts new buckets instead of silently keeping the old limit until the old keys expire.
 * <p>
 * Nothing waits: the request's thread sends the commands and returns; Lettuce's thread completes them, and the rest of
 * the request continues on Reactor's parallel scheduler rather than on Lettuce's I/O thread. A store that fails or does
 * not answer within the timeout is counted in {@link RateLimitStoreStatus} and answered per {@link RateLimitStoreFailure}.
 */
final class RedisRateLimiterFactory implements RateLimiterFactory {

    static final String KEY_PREFIX = "pollux:rl:";

    private final RedisBuckets buckets;
    private final RateLimitStoreStatus status;

    RedisRateLimiterFactory(RedisBuckets buckets, RateLimitStoreStatus status) {
        this.buckets = buckets;
        this.status = status;
    }

    @Override
    public RateLimiter create(String name, Rate rate) {
        return new RedisRateLimiter(name, rate);
    }

    private final class RedisRateLimiter implements RateLimiter {

        private final String keyPrefix;
        private final BucketConfiguration configuration;
        /** Under {@code deny}: a client is told to wait as long as one request's worth of refill, as if it had used its allowance. */
        private final RateLimitResult whenFailing;

        RedisRateLimiter(String name, Rate rate) {
            this.keyPrefix = KEY_PREFIX + name + ":" + rate + ":";
            this.configuration = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(rate.count()).refillGreedy(rate.count(), rate.period()).build())
                    .build();
            this.whenFailing = status.policy() == RateLimitStoreFailure.ALLOW ? RateLimitResult.ALLOWED
                    : RateLimitResult.refused(rate.period().dividedBy(rate.count()));
        }

        @Override
        public Mono<RateLimitResult> tryAcquire(String clientKey) {
            byte[] key = (keyPrefix + clientKey).getBytes(StandardCharsets.UTF_8);
            return Mono.fromFuture(() -> buckets.manager().builder().build(key, configuration).tryConsumeAndReturnRemaining(1))
                    .timeout(status.timeout())
                    .map(this::result)
                    .doOnNext(result -> status.answered())
                    .onErrorResume(error -> {
                        status.failed(error);
                        return Mono.just(whenFailing);
                    })
                    .publishOn(Schedulers.parallel());
        }

        private RateLimitResult result(ConsumptionProbe probe) {
            return probe.isConsumed() ? RateLimitResult.ALLOWED : RateLimitResult.refused(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }

        @Override
        public String toString() {
            return keyPrefix;
        }
    }
}
