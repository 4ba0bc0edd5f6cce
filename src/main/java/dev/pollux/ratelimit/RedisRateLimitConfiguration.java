package dev.pollux.ratelimit;

import java.time.Clock;
import java.time.Duration;

import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.PolluxProperties;
import io.lettuce.core.ClientOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code pollux.rate-limit-store=redis}: buckets in Redis, through the connection Spring Boot builds from
 * {@code spring.data.redis.*}, so every replica draws on the same budget.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "pollux.rate-limit-store", havingValue = "redis")
public class RedisRateLimitConfiguration {

    /**
     * Commands issued while Lettuce reconnects fail at once instead of queueing (the default queues without bound, and a
     * request would wait for a reconnection it cannot see); at most this many commands are in flight on the connection.
     */
    static final int REQUEST_QUEUE_SIZE = 10_000;

    @Bean
    LettuceClientOptionsBuilderCustomizer rateLimitStoreClientOptions() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE_SIZE);
    }

    @Bean
    RateLimitStoreStatus rateLimitStoreStatus(PolluxProperties properties, Clock clock, RedisBuckets buckets) {
        Duration timeout = properties.rateLimitStoreTimeout();
        if (timeout.isZero() || timeout.isNegative()) {
            throw new InvalidConfigurationException("pollux.rate-limit-store-timeout", "must be positive, was " + timeout);
        }
        return new RateLimitStoreStatus(properties.rateLimitStoreFailure(), timeout, clock, buckets::connected);
    }

    @Bean
    RedisBuckets redisBuckets(ObjectProvider<LettuceConnectionFactory> connections, Clock clock) {
        LettuceConnectionFactory factory = connections.getIfAvailable();
        if (factory == null) {
            throw new InvalidConfigurationException("pollux.rate-limit-store",
                    "redis needs Spring Boot's Lettuce connection (spring.data.redis.*, with spring.data.redis.client-type=lettuce)");
        }
        RedisBuckets buckets = new RedisBuckets(factory, clock);
        buckets.connectInBackground();
        return buckets;
    }

    @Bean
    RedisRateLimiterFactory rateLimiterFactory(RedisBuckets buckets, RateLimitStoreStatus status) {
        return new RedisRateLimiterFactory(buckets, status);
    }
}
