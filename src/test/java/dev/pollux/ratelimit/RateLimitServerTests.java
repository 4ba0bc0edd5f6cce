package dev.pollux.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.pollux.config.Rate;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits over real TLS, each test from its own loopback address (127.0.0.N) so each is a new client.
 * Time is a clock the tests move: refills happen without sleeping.
 */
@SpringBootTest
class RateLimitServerTests {

    @TempDir
    static Path base;

    @Autowired
    GeminiServer server;

    @Autowired
    MutableClock clock;

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        Path root = base.resolve("root");
        try {
            Files.createDirectories(root.resolve("expensive"));
            Files.writeString(root.resolve("index.gmi"), "# Limited\n");
            Files.writeString(root.resolve("expensive/report.gmi"), "# Report\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LoopbackServer.register(registry, base);
        registry.add("pollux.rate-limit", () -> "6/m");
        registry.add("pollux.rate-limit-allow[0]", () -> "127.0.0.99/32");
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.capsules[0].rate-limit", () -> "4/m");
        registry.add("pollux.capsules[0].rate-limits[0].path", () -> "/expensive/**");
        registry.add("pollux.capsules[0].rate-limits[0].limit", () -> "1/h");
    }

    private String get(String client, String path) throws IOException {
        int port = server.port();
        return new GeminiTestClient(port).from(client).get("gemini://localhost:" + port + path).header();
    }

    private String send(String client, String raw) throws IOException {
        return new GeminiTestClient(server.port()).from(client).serverName("localhost")
                .send(raw.getBytes(StandardCharsets.UTF_8)).header();
    }

    @Test
    void answersTheRequestAfterTheCapsuleLimitWith44AndTheSecondsToWait() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(get("127.0.0.2", "/")).isEqualTo("20 text/gemini\r\n");
        }
        assertThat(get("127.0.0.2", "/")).isEqualTo("44 15\r\n");
        assertThat(get("127.0.0.2", "/missing")).as("limited before any handler runs").isEqualTo("44 15\r\n");
    }

    @Test
    void leavesOtherClientsUnaffected() throws Exception {
        for (int i = 0; i < 4; i++) {
            get("127.0.0.3", "/");
        }
        assertThat(get("127.0.0.3", "/")).startsWith("44 ");
        assertThat(get("127.0.0.4", "/")).isEqualTo("20 text/gemini\r\n");
    }

    @Test
    void resumesServiceOnceTheClockHasMovedOnByTheWait() throws Exception {
        for (int i = 0; i < 4; i++) {
            get("127.0.0.5", "/");
        }
        assertThat(get("127.0.0.5", "/")).isEqualTo("44 15\r\n");
        clock.advance(Duration.ofSeconds(14));
        assertThat(get("127.0.0.5", "/")).isEqualTo("44 1\r\n");
        clock.advance(Duration.ofSeconds(1));
        assertThat(get("127.0.0.5", "/")).isEqualTo("20 text/gemini\r\n");
        // Refused requests count against the server-wide 6/m, which has now had 7 in 15 s against 6 + 1.5 refilled:
        // it refuses first, with its own half-token wait of 5 s.
        assertThat(get("127.0.0.5", "/")).isEqualTo("44 5\r\n");
    }

    @Test
    void countsMalformedRequestsAgainstTheServerWideLimit() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(send("127.0.0.6", "garbage\r\n")).startsWith("59 ");
            assertThat(send("127.0.0.6", "gemini://localhost/\n")).isEqualTo("59 Request must end with CRLF\r\n");
        }
        assertThat(send("127.0.0.6", "garbage\r\n")).isEqualTo("44 10\r\n");
        assertThat(send("127.0.0.6", "x".repeat(2000) + "\r\n")).as("an over-long line too").isEqualTo("44 10\r\n");
        assertThat(get("127.0.0.6", "/")).as("and a good request from the same client").isEqualTo("44 10\r\n");
        clock.advance(Duration.ofSeconds(10));
        assertThat(get("127.0.0.6", "/")).isEqualTo("20 text/gemini\r\n");
    }

    @Test
    void appliesAStricterLimitToAPathOnTopOfTheCapsuleLimit() throws Exception {
        assertThat(get("127.0.0.7", "/expensive/report.gmi")).isEqualTo("20 text/gemini\r\n");
        assertThat(get("127.0.0.7", "//expensive/report.gmi")).isEqualTo("44 3600\r\n");
        assertThat(get("127.0.0.7", "/%65xpensive/")).as("matched on the decoded path").isEqualTo("44 3600\r\n");
        assertThat(get("127.0.0.7", "/")).isEqualTo("20 text/gemini\r\n");
    }

    @Test
    void neverLimitsAnAllowListedClient() throws Exception {
        for (int i = 0; i < 8; i++) {
            assertThat(get("127.0.0.99", "/")).isEqualTo("20 text/gemini\r\n");
            assertThat(send("127.0.0.99", "garbage\r\n")).startsWith("59 ");
        }
    }
}
