package dev.pollux.ratelimit;

import java.time.Duration;

import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;

/**
 * Allowed, or refused until {@code retryAfter} has passed.
 *
 * @param retryAfter how long until a request would be allowed; zero when this one was
 */
public record RateLimitResult(Duration retryAfter) {

    public static final RateLimitResult ALLOWED = new RateLimitResult(Duration.ZERO);

    public RateLimitResult {
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
        }
    }

    /** Refused for {@code retryAfter}; a zero wait still refuses, for the shortest time there is. */
    public static RateLimitResult refused(Duration retryAfter) {
        return retryAfter.isZero() ? new RateLimitResult(Duration.ofNanos(1)) : new RateLimitResult(retryAfter);
    }

    public boolean allowed() {
        return retryAfter.isZero();
    }

    /** The wait in whole seconds, rounded up and at least 1, as {@code 44} tells it. */
    public long waitSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** {@code 44 N}: N is the whole number of seconds until a request would be allowed. */
    public GeminiResponse toResponse() {
        return GeminiResponse.refused(Status.SLOW_DOWN, String.valueOf(waitSeconds()), Reason.RATE_LIMITED);
    }
}
