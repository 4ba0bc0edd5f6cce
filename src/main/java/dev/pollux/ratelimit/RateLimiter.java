package dev.pollux.ratelimit;

import reactor.core.publisher.Mono;

/**
 * How much: one limit, applied to each client key separately. Asynchronous so that an implementation
 * backed by a shared store (several replicas behind one Kubernetes Service) never blocks an event-loop thread;
 * the local implementation answers at once.
 */
@FunctionalInterface
public interface RateLimiter {

    /** Takes one request from the allowance of {@code clientKey}, or tells how long it has to wait for one. */
    Mono<RateLimitResult> tryAcquire(String clientKey);
}
