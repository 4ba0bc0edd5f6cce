package dev.pollux.ratelimit;

/**
 * Where per-client state lives. The local implementation keeps it in memory; a shared store
 * (Bucket4j's proxy managers for Redis, for example) can implement this without touching the handlers.
 */
@FunctionalInterface
public interface RateLimiterFactory {

    /**
     * @param name a stable name for the limit, unique among limits ({@code server}, {@code capsule:example.org},
     *             {@code capsule:example.org:path:/cgi-bin/**}); a shared store can use it in its keys
     */
    RateLimiter create(String name, Rate rate);
}
