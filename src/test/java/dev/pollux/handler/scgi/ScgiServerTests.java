package dev.pollux.handler.scgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLSocket;

import dev.pollux.PolluxVersion;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.Reason;
import dev.pollux.server.CompletedRequest;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.ApplicationProcesses;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.RecordedRequests;
import dev.pollux.support.TlsProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * SCGI against a real application: a Python 3 standard-library SCGI server started by the test on a Unix socket,
 * which echoes the headers it received, floods, or misbehaves on request.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class ScgiServerTests {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final long FLOOD_BYTES = 100L * 1024 * 1024;
    private static final RecordedRequests completed = new RecordedRequests();

    @TempDir
    static Path base;

    static Path application;
    static Process python;
    static Process readmeExample;

    @Autowired
    GeminiServer server;

    @Autowired
    MeterRegistry metrics;

    int port;

    @BeforeAll
    static void startApplication() throws IOException {
        assumeThat(ApplicationProcesses.python3()).as("python3 is not installed; .ci/run installs it").isPresent();
        application = Files.createDirectories(base.resolve("application"));
        python = ApplicationProcesses.startPython("scgi_app.py", "unix:" + application.resolve("scgi.sock"), application);
        readmeExample = startReadmeExample(Files.createDirectories(base.resolve("readme")).resolve("wiki.sock"));
    }

    /** The Python SCGI application README.md shows, as written there but for its socket's path. */
    private static Process startReadmeExample(Path socket) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### An SCGI application in Python");
        int start = readme.indexOf("```python\n", section) + "```python\n".length();
        String code = readme.substring(start, readme.indexOf("```\n", start)).replace("/run/wiki.sock", socket.toString());
        Path script = Files.writeString(socket.resolveSibling("wiki.py"), code);
        Process process = new ProcessBuilder(ApplicationProcesses.python3().orElseThrow().toString(), script.toString())
                .redirectErrorStream(true).redirectOutput(socket.resolveSibling("wiki.log").toFile()).start();
        await().atMost(DEADLINE).until(() -> Files.exists(socket) || !process.isAlive());
        return process;
    }

    @AfterAll
    static void stopApplication() {
        ApplicationProcesses.stop(python);
        ApplicationProcesses.stop(readmeExample);
    }

    @DynamicPropertySource
    static void capsule(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(base.resolve("root"));
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", () -> base.resolve("root").toString());
        mount(registry, 0, "/app");
        registry.add("pollux.capsules[0].scgi[0].environment.APP_MODE", () -> "test");
        mount(registry, 1, "/hurried");
        registry.add("pollux.capsules[0].scgi[1].header-timeout", () -> "1s");
        registry.add("pollux.capsules[0].scgi[1].body-timeout", () -> "1s");
        mount(registry, 2, "/one");
        registry.add("pollux.capsules[0].scgi[2].max-connections", () -> "1");
        registry.add("pollux.capsules[0].scgi[2].header-timeout", () -> "3s");
        registry.add("pollux.capsules[0].scgi[3].path", () -> "/down");
        registry.add("pollux.capsules[0].scgi[3].address", () -> "unix:" + base.resolve("nobody-listens.sock"));
        registry.add("pollux.capsules[0].scgi[4].path", () -> "/wiki");
        registry.add("pollux.capsules[0].scgi[4].address", () -> "unix:" + base.resolve("readme/wiki.sock"));
    }

    private static void mount(DynamicPropertyRegistry registry, int index, String path) {
        registry.add("pollux.capsules[0].scgi[" + index + "].path", () -> path);
        registry.add("pollux.capsules[0].scgi[" + index + "].address", () -> "unix:" + application.resolve("scgi.sock"));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {

        @Bean
        RecordedRequests recorder() {
            return completed;
        }
    }

    @BeforeEach
    void setUp() {
        port = server.port();
        completed.clear();
    }

    private GeminiResponseBytes get(String pathAndQuery) throws IOException {
        return new GeminiTestClient(port).get("gemini://localhost:" + port + pathAndQuery);
    }

    @Test
    void sendsTheDocumentedHeadersThenTheConfiguredOnesThenTheRequestsOwn() throws Exception {
        GeminiResponseBytes response = get("/app/headers?a%20b=c");
        assertThat(response.header()).isEqualTo("20 text/plain\r\n");
        List<String> names = new ArrayList<>();
        List<String> headers = response.bodyText().lines().toList();
        headers.forEach(line -> names.add(line.substring(0, line.indexOf('='))));
        assertThat(names).containsExactly("CONTENT_LENGTH", "SCGI", "APP_MODE", "GATEWAY_INTERFACE", "SERVER_PROTOCOL",
                "SERVER_SOFTWARE", "GEMINI_URL", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "SERVER_NAME", "HOSTNAME",
                "SERVER_PORT", "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_PORT", "SERVER_ADDR", "REQUEST_METHOD", "DOCUMENT_ROOT",
                "TLS_CIPHER", "TLS_VERSION");
        assertThat(headers).startsWith("CONTENT_LENGTH=0", "SCGI=1", "APP_MODE=test", "GATEWAY_INTERFACE=CGI/1.1",
                        "SERVER_PROTOCOL=GEMINI", "SERVER_SOFTWARE=pollux/" + PolluxVersion.current(),
                        "GEMINI_URL=gemini://localhost:" + port + "/app/headers?a%20b=c", "SCRIPT_NAME=/app",
                        "PATH_INFO=/headers", "QUERY_STRING=a%20b=c", "SERVER_NAME=localhost", "HOSTNAME=localhost",
                        "SERVER_PORT=" + port, "REMOTE_ADDR=127.0.0.1")
                .contains("DOCUMENT_ROOT=" + base.resolve("root").toRealPath(), "TLS_VERSION=TLSv1.3", "REQUEST_METHOD=");
    }

    @Test
    void runsTheReadmesPythonApplication() throws Exception {
        GeminiResponseBytes page = get("/wiki/hello");
        assertThat(page.header()).isEqualTo("20 text/gemini\r\n");
        assertThat(page.bodyText()).isEqualTo("# hello\nYou are anonymous.\n");
        assertThat(get("/wiki/search").header()).isEqualTo("10 Search for\r\n");
    }

    @Test
    void pausesTheApplicationWhileItsClientIsNotReadingAndStreamsEverythingOnceItReads() throws Exception {
        Path sent = application.resolve("flood-sent");
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            socket.getOutputStream().write(("gemini://localhost:" + port + "/app/flood?" + FLOOD_BYTES + "\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] header = "20 application/octet-stream\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(in.readNBytes(header.length)).isEqualTo(header);

            // the client reads nothing more: the application's writes block once the bounded buffers on the way are full
            AtomicLong last = new AtomicLong(-1);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
                long now = sentSoFar(sent);
                return now > 0 && now == last.getAndSet(now);
            });
            long paused = sentSoFar(sent);
            assertThat(paused).as("bytes the application could send while the client read nothing").isLessThan(16L * 1024 * 1024);
            System.out.println("SCGI application paused after " + paused + " bytes of " + FLOOD_BYTES);

            long length = 0;
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                length += read;
            }
            assertThat(length).isEqualTo(FLOOD_BYTES);
        }
        assertThat(sentSoFar(sent)).isEqualTo(FLOOD_BYTES);
    }

    private static long sentSoFar(Path file) throws IOException {
        return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
    }

    @Test
    void answers42WhenNothingListensAtTheAddress(CapturedOutput output) throws Exception {
        assertThat(get("/down").header()).isEqualTo("42 Application unavailable\r\n");
        assertRefused("/down", Reason.SCGI_UNAVAILABLE, "unavailable");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(output.getOut()).containsPattern(
                "\"gemini://localhost:\\d+/down\" 42 \"Application unavailable\" \\d+ \\d+ms - scgi\\R"));
    }

    @Test
    void answers42WhenTheHeaderDoesNotComeWithinTheTimeout() throws Exception {
        CompletableFuture<GeminiResponseBytes> response = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/hurried/silent");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(response.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).header()).isEqualTo("42 Script timed out\r\n");
        assertRefused("/hurried/silent", Reason.SCGI_TIMEOUT, "timeout");
    }

    @Test
    void answers42ToAMalformedHeader() throws Exception {
        assertThat(get("/app/not-a-header").header()).isEqualTo("42 Script returned an invalid header\r\n");
        assertRefused("/app/not-a-header", Reason.SCGI_INVALID_HEADER, "invalid_header");
    }

    @Test
    void cutsTheBodyWhenTheApplicationFallsSilentWhileTheClientWaits() throws Exception {
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/hurried/slow-body")) {
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.start()).isEqualTo("20 text/plain\r\nstart");
            assertThat(probe.endedWithCloseNotify()).as("a cut body must not look complete").isFalse();
        }
    }

    @Test
    void answers41PastTheConnectionLimit() throws Exception {
        CompletableFuture<GeminiResponseBytes> holding = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/one/silent?holding");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(DEADLINE).until(() -> Files.exists(application.resolve("silent-holding")));
        assertThat(get("/one/headers").header()).isEqualTo("41 Too many requests to the application, try again later\r\n");
        assertThat(holding.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).header()).isEqualTo("42 Script timed out\r\n");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(get("/one/headers").header()).isEqualTo("20 text/plain\r\n"));
    }

    /** The access log's and the metrics' view of the request for {@code path}. */
    private void assertRefused(String path, Reason reason, String outcome) throws InterruptedException {
        CompletedRequest request = completed.next(path, DEADLINE);
        assertThat(request.stage()).isEqualTo(Stage.SCGI);
        assertThat(request.handlerTag()).isEqualTo("scgi");
        assertThat(request.reason()).isEqualTo(reason);
        await().atMost(DEADLINE).until(() -> metrics.find("pollux.scgi.requests")
                .tags("capsule", "localhost", "outcome", outcome).counter() != null);
    }
}
