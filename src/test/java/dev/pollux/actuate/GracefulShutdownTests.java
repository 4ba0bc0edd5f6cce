package dev.pollux.actuate;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.pollux.PolluxApplication;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.TestHandlers;
import dev.pollux.support.TlsProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Context close (what SIGTERM triggers): readiness first, then no new connections, while a slow response finishes. */
class GracefulShutdownTests {

    static final int SLOW_LINES = 8;
    static final List<ReadinessState> readiness = new CopyOnWriteArrayList<>();

    @TempDir
    Path base;

    @Test
    void finishesResponsesInFlightAndRefusesNewConnections() throws Exception {
        Files.writeString(base.resolve("index.gmi"), "# Shutdown\n");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PolluxApplication.class, SlowRoute.class)
                .run("--management.server.port=0", "--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                        "--pollux.server.drain-timeout=20s", "--pollux.tls.certificate-directory=" + base.resolve("certs"),
                        "--pollux.capsules[0].root=" + base);
        int port = context.getBean(GeminiServer.class).port();
        try (SSLSocket slow = new GeminiTestClient(port).serverName("localhost").connect()) {
            slow.getOutputStream().write(("gemini://localhost:" + port + "/slow\r\n").getBytes(StandardCharsets.UTF_8));
            slow.getOutputStream().flush();
            InputStream in = slow.getInputStream();
            assertThat(readLine(in)).isEqualTo("20 text/plain");

            CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
            awaitRefused(port);
            assertThat(readiness).contains(ReadinessState.REFUSING_TRAFFIC);
            assertThat(closing).isNotDone();

            String body = new String(GeminiTestClient.readAll(in), StandardCharsets.UTF_8);
            assertThat(body.lines()).hasSize(SLOW_LINES).last().isEqualTo("line " + (SLOW_LINES - 1));
            closing.get(30, TimeUnit.SECONDS);
        } finally {
            context.close();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void cutsWhatIsStillBeingWrittenAtTheDrainTimeoutWithoutCloseNotify() throws Exception {
        Files.writeString(base.resolve("index.gmi"), "# Shutdown\n");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(PolluxApplication.class, SlowRoute.class)
                .run("--management.server.port=0", "--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                        "--pollux.server.drain-timeout=1s", "--pollux.tls.certificate-directory=" + base.resolve("certs"),
                        "--pollux.capsules[0].root=" + base);
        int port = context.getBean(GeminiServer.class).port();
        try (TlsProbe endless = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/endless")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> endless.start().contains("line 1\n"));
            context.close();
            assertThat(endless.awaitClosed(Duration.ofSeconds(30))).isTrue();
            assertThat(endless.start()).startsWith("20 text/plain\r\nline 0\n");
            assertThat(endless.endedWithCloseNotify()).as("a cut body must not look complete").isFalse();
        } finally {
            context.close();
        }
    }

    /** Waits, with a deadline, until the listening socket is closed. */
    private static void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                Thread.onSpinWait();
            } catch (ConnectException refused) {
                return;
            }
        }
        throw new AssertionError("the listener still accepted connections after 15 s");
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Configuration(proxyBeanMethods = false)
    static class SlowRoute {

        /** {@code /slow}: eight lines, 250 ms apart, on a timer (no thread held); {@code /endless}: lines until cut. */
        @Bean
        GeminiHandler slowHandler() {
            return TestHandlers.at(Stage.APPLICATION_ROUTES, (exchange, chain) -> {
                String path = exchange.request().path().value();
                if (!path.equals("/slow") && !path.equals("/endless")) {
                    return chain.next(exchange);
                }
                // delayElements waits for demand (Flux.interval fails when a tick finds none, as on a slow event loop)
                Flux<String> lines = Flux.range(0, path.equals("/slow") ? SLOW_LINES : Integer.MAX_VALUE)
                        .delayElements(Duration.ofMillis(250))
                        .map(i -> "line " + i + "\n");
                return Mono.just(GeminiResponse.success("text/plain", lines.map(line -> ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)))));
            });
        }

        @Bean
        ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readinessRecorder() {
            return event -> readiness.add(event.getState());
        }
    }
}
