package dev.pollux.handler;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A resource made by blocking work (a temporary file), for {@link Mono#usingWhen}: made on a scheduler, and released at
 * once, on that scheduler, when the request was cancelled (its client gone) while it was being made. {@code usingWhen}
 * releases only what it received, and a resource finished after the cancel is never received: it would be left behind.
 */
public final class ScheduledResource {

    private ScheduledResource() {
    }

    public static <T> Mono<T> create(Scheduler scheduler, Callable<T> create, Consumer<T> release) {
        return Mono.create(sink -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            sink.onCancel(() -> cancelled.set(true));
            scheduler.schedule(() -> {
                T resource;
                try {
                    resource = create.call();
                } catch (Exception e) {
                    sink.error(e);
                    return;
                }
                sink.success(resource);
                // cancelled first: the success was dropped. Cancelled since: usingWhen releases it too, and releasing is idempotent
                if (cancelled.get()) {
                    release.accept(resource);
                }
            });
        });
    }
}
