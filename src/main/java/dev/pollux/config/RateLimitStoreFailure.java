package dev.pollux.config;

/** What a request gets when the shared rate-limit store does not answer in time ({@code pollux.rate-limit-store-failure}). */
public enum RateLimitStoreFailure {
    /** Let it through, unlimited: an outage of the store is no outage of the capsule. */
    ALLOW,
    /** Answer {@code 44}, as if the client had used up its allowance: limits hold at the cost of availability. */
    DENY
}
