package dev.pollux.app.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.pollux.app.GeminiRoute;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;

/**
 * {@code /examples/clock}: a live page that gets one more line every second until the client disconnects.
 * Ticks come from Reactor's timer, so no thread waits between them; a client that reads slower than one
 * line a second misses ticks rather than piling them up. When the client leaves, the connection cancels
 * the stream and the timer stops. On shutdown every stream ends with a goodbye line (the context's closed
 * event comes before the server drains its connections), so open clocks do not hold the drain up.
 */
public class ClockExample implements ApplicationListener<ContextClosedEvent> {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;
    private final AtomicInteger listening = new AtomicInteger();
    private final AtomicLong cancelled = new AtomicLong();
    private final Sinks.Empty<Void> stopping = Sinks.empty();

    public ClockExample(Clock clock) {
        this.clock = clock;
    }

    @GeminiRoute(value = "/examples/clock", host = GeminiRoute.DEFAULT_CAPSULE)
    public Flux<String> clock() {
        Flux<String> ticks = Flux.interval(Duration.ZERO, INTERVAL)
                .onBackpressureDrop()
                .map(tick -> "* " + clock.instant().truncatedTo(ChronoUnit.SECONDS))
                .takeUntilOther(stopping.asMono());
        return Flux.concat(Flux.just("# Clock", "", "The time (UTC), every second, until you disconnect:", ""), ticks,
                        Flux.just("", "The server is shutting down. Goodbye!"))
                .doOnSubscribe(subscription -> listening.incrementAndGet())
                .doFinally(signal -> {
                    listening.decrementAndGet();
                    if (signal == SignalType.CANCEL) {
                        cancelled.incrementAndGet();
                    }
                });
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stop();
    }

    /** Ends every stream, and any later one after its first lines. */
    void stop() {
        stopping.tryEmitEmpty();
    }

    /** Clients receiving the clock right now. */
    public int listening() {
        return listening.get();
    }

    /** Streams stopped because their client went away. */
    public long cancelled() {
        return cancelled.get();
    }
}
