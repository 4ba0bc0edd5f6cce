package dev.pollux.ratelimit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.PathRateLimitProperties;
import dev.pollux.config.PolluxProperties;
import dev.pollux.handler.HandlerOrder;
import dev.pollux.handler.RequestGate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Rate limits from {@code pollux.rate-limit*} and each capsule's {@code rate-limit} and {@code rate-limits}:
 * who is counted ({@link ClientKeyResolver}), where the counts live ({@link RateLimiterFactory}; replace the
 * local one with a shared store for several replicas), the server-wide gate and the per-capsule handler.
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
    @Order(HandlerOrder.RATE_LIMIT)
    RateLimitHandler rateLimitHandler(PolluxProperties properties, CapsuleRegistry capsules, ClientKeyResolver keys,
                                      RateLimiterFactory limiters) {
        Map<Capsule, List<RateLimitHandler.Limit>> limitsByCapsule = new LinkedHashMap<>();
        List<CapsuleProperties> configured = properties.capsules();
        for (int i = 0; i < configured.size(); i++) {
            Capsule capsule = capsules.capsules().get(i);
            List<RateLimitHandler.Limit> limits = limits(capsule, configured.get(i), limiters);
            if (!limits.isEmpty()) {
                limitsByCapsule.put(capsule, limits);
            }
        }
        return new RateLimitHandler(keys, limitsByCapsule);
    }

    private static List<RateLimitHandler.Limit> limits(Capsule capsule, CapsuleProperties properties,
                                                       RateLimiterFactory limiters) {
        List<RateLimitHandler.Limit> limits = new ArrayList<>();
        String name = "capsule:" + capsule.hostname();
        if (properties.rateLimit() != null) {
            limits.add(new RateLimitHandler.Limit(null, limiters.create(name, properties.rateLimit())));
        }
        for (int j = 0; j < properties.rateLimits().size(); j++) {
            PathRateLimitProperties path = properties.rateLimits().get(j);
            limits.add(new RateLimitHandler.Limit(path.path(), limiters.create(name + ":path[" + j + "]:" + path.path(), path.limit())));
        }
        return limits;
    }
}
