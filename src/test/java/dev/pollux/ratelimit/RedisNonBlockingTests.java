package dev.pollux.ratelimit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.pollux.server.GeminiServer;
import dev.pollux.support.BlockingCalls;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * BlockHound over the shared rate-limit store: limits checked in a real redis-server, then the same requests while
 * Redis hangs (the store timeout) and while it is gone (commands refused), and again once it is back. Neither the
 * request's event loop, Reactor's parallel threads nor Lettuce's own event loop may block. Runs in the JVM of the
 * non-blocking tests (see pom.xml); skipped where redis-server is not installed.
 */
@SpringBootTest
@DirtiesContext
class RedisNonBlockingTests {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path base;

    static RedisServer redis;
    static List<String> blockingCalls;

    @Autowired
    GeminiServer server;

    @Autowired
    RateLimitStoreStatus store;

    @BeforeAll
    static void watchEventLoops() {
        blockingCalls = BlockingCalls.watch();
    }

    @DynamicPropertySource
    static void sharedStore(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(base.resolve("index.gmi"), "# Shared\n");
        redis = RedisServer.start(base.resolve("redis"));
        LoopbackServer.register(registry, base);
        registry.add("pollux.rate-limit", () -> "1000/m");
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", base::toString);
        registry.add("pollux.capsules[0].rate-limits[0].path", () -> "/limited");
        registry.add("pollux.capsules[0].rate-limits[0].limit", () -> "1/h");
        registry.add("pollux.rate-limit-store", () -> "redis");
        // long enough for a busy machine; the hung-Redis step waits this long once
        registry.add("pollux.rate-limit-store-timeout", () -> "2s");
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> String.valueOf(redis.port()));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.stop();
        }
    }

    private String get(String client, String path) throws Exception {
        int port = server.port();
        return new GeminiTestClient(port).from(client).get("gemini://localhost:" + port + path).header();
    }

    @Test
    void theSharedStoreNeverBlocksAnEventLoopThread() throws Exception {
        await().atMost(DEADLINE).until(store::connected);
        assertThat(get("127.0.0.2", "/")).isEqualTo("20 text/gemini\r\n");
        assertThat(get("127.0.0.2", "/limited")).startsWith("51 ");
        assertThat(get("127.0.0.2", "/limited")).startsWith("44 ");

        redis.pause();
        try {
            assertThat(get("127.0.0.3", "/")).as("Redis hangs: allowed once the timeout passes").isEqualTo("20 text/gemini\r\n");
        } finally {
            redis.resume();
        }
        redis.stop();
        assertThat(get("127.0.0.4", "/")).as("Redis gone: allowed").isEqualTo("20 text/gemini\r\n");
        assertThat(store.failures(StoreFailure.TIMEOUT) + store.failures(StoreFailure.UNAVAILABLE)).isPositive();

        redis.start();
        await().atMost(DEADLINE).until(() -> get("127.0.0.5", "/limited").startsWith("51 ") && get("127.0.0.5", "/limited").startsWith("44 "));
        assertThat(blockingCalls).isEmpty();
    }
}
