package dev.pollux.ratelimit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pollux.PolluxApplication;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.RedisServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pollux servers sharing their rate limits through a real redis-server on a loopback port: one budget across servers,
 * the failure policy while Redis is down (the server stays up), and shared limits again once it is back. Each client is
 * a loopback address of its own (127.0.0.N), so the steps do not share buckets.
 */
class RedisRateLimitTests {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path base;

    private RedisServer redis;
    private final List<ConfigurableApplicationContext> servers = new ArrayList<>();
    private final AtomicInteger clients = new AtomicInteger(1);
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startRedis() throws Exception {
        Files.createDirectories(base.resolve("content"));
        Files.writeString(base.resolve("content/index.gmi"), "# Shared\n");
        redis = RedisServer.start(base.resolve("redis"));
    }

    @AfterEach
    void stopAll() throws Exception {
        servers.forEach(ConfigurableApplicationContext::close);
        if (redis != null) {
            redis.stop();
        }
    }

    /** A server whose store timeout is generous, so that a busy machine does not turn a slow answer into a failure. */
    private ConfigurableApplicationContext start(String failurePolicy) {
        return start(failurePolicy, "5s");
    }

    private ConfigurableApplicationContext start(String failurePolicy, String storeTimeout) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PolluxApplication.class).run(
                "--pollux.rate-limit-store-timeout=" + storeTimeout,
                "--spring.config.location=optional:file:" + base + "/",
                "--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                "--management.server.address=127.0.0.1", "--management.server.port=0",
                "--pollux.tls.certificate-directory=" + base.resolve("certs"),
                "--pollux.capsules[0].hostname=localhost", "--pollux.capsules[0].root=" + base.resolve("content"),
                "--pollux.capsules[0].rate-limit=3/h",
                "--pollux.rate-limit-store=redis", "--pollux.rate-limit-store-failure=" + failurePolicy,
                "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port());
        servers.add(context);
        return context;
    }

    /** A client address not used before in this test. */
    private String newClient() {
        return "127.0.0." + clients.incrementAndGet();
    }

    private static String get(ConfigurableApplicationContext server, String client) throws IOException {
        int port = server.getBean(GeminiServer.class).port();
        return new GeminiTestClient(port).from(client).get("gemini://localhost:" + port + "/").header();
    }

    private String health(ConfigurableApplicationContext server) throws Exception {
        String port = server.getEnvironment().getRequiredProperty("local.management.port");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/rateLimitStore")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double storeFailures(ConfigurableApplicationContext server, String decision) {
        return server.getBean(MeterRegistry.class).find("pollux.rate.limit.store.failures").tag("decision", decision)
                .functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }

    /** Three requests to {@code first}, then the fourth to {@code second}: 44 only if they share one budget. */
    private String fourthRequestOfOneClient(ConfigurableApplicationContext first, ConfigurableApplicationContext second) throws IOException {
        String client = newClient();
        for (int i = 0; i < 3; i++) {
            assertThat(get(first, client)).isEqualTo("20 text/gemini\r\n");
        }
        return get(second, client);
    }

    @Test
    void twoServersShareOneLimitAndLetRequestsThroughWhileRedisIsDown() throws Exception {
        ConfigurableApplicationContext first = start("allow");
        ConfigurableApplicationContext second = start("allow");
        await().atMost(DEADLINE).until(() -> health(first).contains("\"connected\":true") && health(second).contains("\"connected\":true"));

        String client = newClient();
        for (int i = 0; i < 3; i++) {
            assertThat(get(first, client)).isEqualTo("20 text/gemini\r\n");
        }
        assertThat(get(second, client)).as("the fourth request, to the other server").startsWith("44 ");
        assertThat(get(first, client)).startsWith("44 ");
        // the key is namespaced and expires once its bucket would be full again: at most an hour and a second from now
        String ttl = redis.command("PTTL pollux:rl:capsule:localhost:3/h:" + client);
        assertThat(Long.parseLong(ttl.substring(1))).isBetween(1L, Duration.ofHours(1).plusSeconds(1).toMillis());

        redis.stop();
        String unlimited = newClient();
        for (int i = 0; i < 5; i++) {
            assertThat(get(i % 2 == 0 ? first : second, unlimited)).as("allowed while Redis is down").isEqualTo("20 text/gemini\r\n");
        }
        assertThat(storeFailures(first, "allowed") + storeFailures(second, "allowed")).isGreaterThanOrEqualTo(5);
        assertThat(health(first)).contains("\"status\":\"DEGRADED\"").contains("\"onFailure\":\"allow\"");

        redis.start();
        await().atMost(DEADLINE).until(() -> fourthRequestOfOneClient(second, first).startsWith("44 "));
        await().atMost(DEADLINE).until(() -> health(first).contains("\"status\":\"UP\""));
        assertThat(fourthRequestOfOneClient(first, second)).startsWith("44 ");
    }

    @Test
    void answers44WhileRedisIsDownUnderDenyAndStartsWithoutIt() throws Exception {
        redis.stop();
        ConfigurableApplicationContext server = start("deny");
        String client = newClient();
        assertThat(get(server, client)).as("one request's worth of refill: 1h / 3").isEqualTo("44 1200\r\n");
        assertThat(storeFailures(server, "denied")).isPositive();
        assertThat(health(server)).contains("\"status\":\"DOWN\"").contains("\"onFailure\":\"deny\"");

        redis.start();
        // connected by the retries in the background, before any request asks
        await().atMost(DEADLINE).until(() -> health(server).contains("\"connected\":true"));
        assertThat(get(server, newClient())).isEqualTo("20 text/gemini\r\n");
        assertThat(fourthRequestOfOneClient(server, server)).startsWith("44 ");

        redis.stop();
        assertThat(get(server, newClient())).as("and again once it has gone").isEqualTo("44 1200\r\n");
        assertThat(server.getBean(GeminiServer.class).port()).isPositive();
    }

    @Test
    void treatsAHungRedisAsFailedOnceTheTimeoutHasPassed() throws Exception {
        ConfigurableApplicationContext server = start("deny", "200ms");
        await().atMost(DEADLINE).until(() -> health(server).contains("\"connected\":true"));
        redis.pause();
        try {
            assertThat(get(server, newClient())).as("no answer from Redis within 200ms").isEqualTo("44 1200\r\n");
            assertThat(health(server)).contains("\"timeout\":1").contains("\"lastFailure\":\"timeout: no answer within PT0.2S\"");
        } finally {
            redis.resume();
        }
        await().atMost(DEADLINE).until(() -> get(server, newClient()).equals("20 text/gemini\r\n"));
    }
}
