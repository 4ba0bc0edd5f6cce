package dev.pollux.handler;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A resource made by blocking work (a temporary file), for {@link Mono#usingWhen}: made on a scheduler, and released on
 * that scheduler when the request was cancelled (its client gone) while it was being made. {@code usingWhen} releases
 * only what it received, and a resource finished after the cancel is never received: it would be left behind.
 * <p>
 * {@code Mono.create}'s sink decides whether the value or the cancel came first, and runs the cancel callback only when
 * the value was not delivered, but it may run that callback after the value was made and dropped. So the maker and the
 * callback meet in one slot, and whichever comes second releases. (A flag read after {@code success} missed the late
 * callback: one cut upload in a few hundred kept its temporary file. Reactor's discard hook misses some drops too:
 * {@code fromCallable().subscribeOn()} drops a value made after a cancel without discarding it.)
 */
public final class ScheduledResource {

    private static final Object CANCELLED = new Object();

    private ScheduledResource() {
    }

    @SuppressWarnings("unchecked")
    public static <T> Mono<T> create(Scheduler scheduler, Callable<T> create, Consumer<T> release) {
        return Mono.create(sink -> {
            AtomicReference<Object> slot = new AtomicReference<>();
            sink.onCancel(() -> {
                Object made = slot.getAndSet(CANCELLED);
                if (made != null && made != CANCELLED) {
                    // made, and dropped by the sink as it was cancelled: never delivered, so released here
                    try {
                        scheduler.schedule(() -> release.accept((T) made));
                    } catch (RejectedExecutionException e) {
                        // the scheduler is shut down (the server is stopping): released here, rather than left behind
                        release.accept((T) made);
                    }
                }
            });
            scheduler.schedule(() -> {
                if (slot.get() == CANCELLED) {
                    return;
                }
                T resource;
                try {
                    resource = create.call();
                } catch (Exception e) {
                    sink.error(e);
                    return;
                }
                if (slot.compareAndSet(null, resource)) {
                    // delivered, or dropped by a cancel whose callback finds it in the slot
                    sink.success(resource);
                } else {
                    release.accept(resource);
                }
            });
        });
    }
}
