package dev.pollux.ratelimit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.pollux.config.AddressRange;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.PolluxProperties;
import dev.pollux.config.Rate;
import dev.pollux.handler.RequestGate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Rate limits from {@code pollux.rate-limit*} and each capsule's {@code rate-limit} and {@code rate-limits}:
 * who is counted ({@link ClientKeyResolver}), where the counts live ({@link RateLimiterFactory}: in memory here, or in
 * Redis with {@code pollux.rate-limit-store=redis}, see {@link RedisRateLimitConfiguration}), the server-wide gate, each
 * capsule's policy and the handler.
 */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

    @Bean
    ClientKeyResolver rateLimitKeyResolver(PolluxProperties properties) {
        List<AddressRange> allowed = new ArrayList<>();
        for (int i = 0; i < properties.rateLimitAllow().size(); i++) {
            try {
                allowed.add(AddressRange.parse(properties.rateLimitAllow().get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException("pollux.rate-limit-allow[" + i + "]", e.getMessage());
            }
        }
        return new ClientKeyResolver(allowed, properties.rateLimitIpv6Prefix());
    }

    @Bean
    @ConditionalOnProperty(name = "pollux.rate-limit-store", havingValue = "local", matchIfMissing = true)
    LocalRateLimiterFactory rateLimiterFactory(PolluxProperties properties, Clock clock) {
        return new LocalRateLimiterFactory(clock, properties.rateLimitMaxClients());
    }

    @Bean
    RequestGate serverRateLimitGate(PolluxProperties properties, ClientKeyResolver keys, RateLimiterFactory limiters) {
        if (properties.rateLimit() == null) {
            return RequestGate.OPEN;
        }
        return new ServerRateLimitGate(keys, limiters.create("server", properties.rateLimit()));
    }

    @Bean
    RateLimitPolicyCompiler rateLimitPolicyCompiler(RateLimiterFactory limiters) {
        return new RateLimitPolicyCompiler(limiters);
    }

    @Bean
    RateLimitHandler rateLimitHandler(ClientKeyResolver keys) {
        return new RateLimitHandler(keys);
    }
}
