package dev.pollux.config;

/** Where rate-limit buckets live ({@code pollux.rate-limit-store}). */
public enum RateLimitStore {
    /** In this process's memory: each replica counts on its own. */
    LOCAL,
    /** In Redis, through {@code spring.data.redis.*}: every replica draws from the same buckets. */
    REDIS
}
