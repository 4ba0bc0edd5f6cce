package dev.pollux.ratelimit;

import java.util.ArrayList;
import java.util.List;

import dev.pollux.capsule.CapsulePolicyCompiler;
import dev.pollux.capsule.CapsuleSource;
import dev.pollux.capsule.PolicyKey;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.PathRateLimitProperties;

/** Creates each capsule's limiters, named after the capsule's configured host name so a shared store can key on them. */
final class RateLimitPolicyCompiler implements CapsulePolicyCompiler<RateLimitPolicy> {

    private final RateLimiterFactory limiters;

    RateLimitPolicyCompiler(RateLimiterFactory limiters) {
        this.limiters = limiters;
    }

    @Override
    public PolicyKey<RateLimitPolicy> key() {
        return RateLimitPolicy.POLICY;
    }

    @Override
    public RateLimitPolicy compile(CapsuleSource capsule) {
        CapsuleProperties properties = capsule.properties();
        List<RateLimitPolicy.Limit> limits = new ArrayList<>();
        String name = "capsule:" + capsule.hostname();
        if (properties.rateLimit() != null) {
            limits.add(new RateLimitPolicy.Limit(null, limiters.create(name, properties.rateLimit())));
        }
        for (int i = 0; i < properties.rateLimits().size(); i++) {
            PathRateLimitProperties path = properties.rateLimits().get(i);
            limits.add(new RateLimitPolicy.Limit(path.path(), limiters.create(name + ":path[" + i + "]:" + path.path(), path.limit())));
        }
        return new RateLimitPolicy(limits);
    }
}
