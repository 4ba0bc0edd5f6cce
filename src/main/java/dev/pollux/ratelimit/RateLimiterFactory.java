package dev.pollux.ratelimit;

import dev.pollux.config.Rate;

/**
 * Where per-client state lives. The local implementation keeps it in memory; a shared store
 * (Bucket4j's proxy managers for Redis, for example) can implement this without touching the handlers.
 */
@FunctionalInterface
public interface RateLimiterFactory {

    /**
     * @param name a stable name for the limit, unique among limits ({@code server}, {@code capsule:example.org},
     *             {@code capsule:example.org:path[0]:/cgi-bin/**}, {@code capsule:*.users.example}); a shared store can use
     *             it in its keys
     */
    RateLimiter create(String name, Rate rate);
}
