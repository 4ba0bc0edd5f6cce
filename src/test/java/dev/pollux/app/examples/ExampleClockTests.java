package dev.pollux.app.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The clock's stream on its own: ticks from a fixed clock, and the goodbye that ends every stream on shutdown. */
class ExampleClockTests {

    private final ClockExample clock = new ClockExample(Clock.fixed(Instant.parse("2026-03-01T10:15:30.456Z"), ZoneOffset.UTC));

    @Test
    void ticksUntilTheServerStopsThenSaysGoodbye() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ended = clock.clock().doOnNext(received::add).then().toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 5);

        clock.stop();

        ended.get(10, TimeUnit.SECONDS);
        assertThat(received).startsWith("# Clock", "", "The time (UTC), every second, until you disconnect:", "")
                .endsWith("", "The server is shutting down. Goodbye!");
        assertThat(received.subList(4, received.size() - 2)).isNotEmpty().allMatch(tick -> tick.equals("* 2026-03-01T10:15:30Z"));
        assertThat(clock.listening()).isZero();
        assertThat(clock.cancelled()).isZero();
    }
}
