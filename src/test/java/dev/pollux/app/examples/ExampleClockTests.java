package dev.pollux.app.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The clock's stream on its own: ticks from a fixed clock, and the goodbye that ends every stream on shutdown. */
class ExampleClockTests {

    private final ClockExample clock = new ClockExample(Clock.fixed(Instant.parse("2026-03-01T10:15:30.456Z"), ZoneOffset.UTC));

    @Test
    void ticksUntilTheServerStopsThenSaysGoodbye() throws Exception {
        CompletableFuture<List<String>> lines = clock.clock().collectList().toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.listening() == 1);

        clock.stop();

        List<String> page = lines.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(page).startsWith("# Clock", "", "The time (UTC), every second, until you disconnect:", "")
                .endsWith("", "The server is shutting down. Goodbye!");
        assertThat(page.subList(4, page.size() - 2)).allMatch(tick -> tick.equals("* 2026-03-01T10:15:30Z"));
        assertThat(clock.listening()).isZero();
        assertThat(clock.cancelled()).isZero();
    }
}
