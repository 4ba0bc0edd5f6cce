package dev.pollux.handler;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A resource made on a scheduler is released exactly once however its request ends: by {@code usingWhen} when it was
 * received, by the discard hook when a cancel dropped it. The cancel races the making on purpose, many times over, so
 * the window in which {@code Mono.create}'s sink has dropped the value but not yet run its cancel callback is hit.
 */
class ScheduledResourceTests {

    private final Scheduler scheduler = Schedulers.newBoundedElastic(2, 100_000, "scheduled-resource-test");

    @AfterEach
    void stop() {
        scheduler.dispose();
    }

    @Test
    void everyResourceMadeIsReleasedOnceWhateverMomentTheCancelComes() {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        AtomicInteger used = new AtomicInteger();
        int requests = 20_000;
        for (int i = 0; i < requests; i++) {
            Disposable request = Mono.usingWhen(
                            ScheduledResource.create(scheduler, made::incrementAndGet, resource -> released.incrementAndGet()),
                            resource -> {
                                used.incrementAndGet();
                                return Mono.never();
                            },
                            resource -> Mono.fromRunnable(released::incrementAndGet),
                            (resource, failure) -> Mono.fromRunnable(released::incrementAndGet),
                            resource -> Mono.fromRunnable(released::incrementAndGet))
                    .subscribe();
            // a different moment each time: before, while and after the resource is made and handed over
            spin(ThreadLocalRandom.current().nextInt(20_000));
            request.dispose();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(released.get()).isEqualTo(made.get()));
        // the race was run: some requests received their resource, some were cancelled before it existed or was handed over
        assertThat(used.get()).isPositive().isLessThan(requests);
        assertThat(made.get()).isGreaterThan(used.get());
    }

    private static void spin(int iterations) {
        long sum = 0;
        for (int i = 0; i < iterations; i++) {
            sum += System.nanoTime() & 1;
        }
        if (sum < 0) {
            throw new AssertionError();
        }
    }
}
