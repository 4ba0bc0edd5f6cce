package dev.pollux.handler.fastcgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;

import dev.pollux.handler.Stage;
import dev.pollux.handler.cgi.CgiTestScripts;
import dev.pollux.protocol.Reason;
import dev.pollux.server.CompletedRequest;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.ApplicationProcesses;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.RecordedRequests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
 * FastCGI against real servers: Debian's fcgiwrap on a Unix socket, running the CGI tests' own scripts, next to
 * the same scripts run by CGI; and a Python FastCGI application on loopback TCP that notes the records it gets.
 * Capsule {@code localhost} runs the scripts by CGI, {@code fastcgi.localhost} (same root) through fcgiwrap,
 * one mount per script, each naming its script in {@code SCRIPT_FILENAME} (without it, fcgiwrap drops
 * {@code PATH_INFO} when {@code SCRIPT_NAME} names the script exactly).
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class FastCgiServerTests {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final RecordedRequests completed = new RecordedRequests();
    private static final List<String> FCGIWRAP_SCRIPTS = Stream.concat(Stream.of("env.sh", "input.sh", "lf-header.sh",
                    "not-found.sh", "meta-1024.sh", "silent.sh", "fails.sh", "no-newline.sh", "header-then-fail.sh",
                    "header-then-crash.sh", "stderr.sh", "bad-interpreter.sh", "flood.sh"),
            CgiTestScripts.INVALID_HEADERS.keySet().stream().sorted()).toList();

    @TempDir
    static Path base;

    static Path root;
    static Path data;
    static Path application;
    static Process fcgiwrap;
    static Process python;

    @Autowired
    GeminiServer server;

    @Autowired
    MeterRegistry metrics;

    int port;

    @BeforeAll
    static void startApplications() throws IOException {
        assumeThat(ApplicationProcesses.fcgiwrap()).as("fcgiwrap is not installed (apt-get install fcgiwrap); .ci/run installs it").isPresent();
        assumeThat(ApplicationProcesses.python3()).as("python3 is not installed; .ci/run installs it").isPresent();
        root = CgiTestScripts.create(base).toRealPath();
        data = base.resolve("data").toRealPath();
        // the scripts inherit fcgiwrap's environment: PATH as CGI gives it, and nothing else of the test's
        fcgiwrap = ApplicationProcesses.startFcgiwrap(base.resolve("fcgiwrap.sock"), Map.of("PATH", "/usr/bin:/bin"), 4);
        application = Files.createDirectories(base.resolve("application"));
        python = ApplicationProcesses.startPython("fastcgi_app.py", "tcp", application);
    }

    @AfterAll
    static void stopApplications() {
        ApplicationProcesses.stop(fcgiwrap);
        ApplicationProcesses.stop(python);
    }

    @DynamicPropertySource
    static void capsules(DynamicPropertyRegistry registry) {
        LoopbackServer.register(registry, base);
        registry.add("pollux.cgi.enabled", () -> "true");
        registry.add("pollux.cgi.path", () -> "/usr/bin:/bin");
        registry.add("pollux.cgi.environment.TEST_DATA_DIR", () -> data.toString());
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", () -> root.toString());
        registry.add("pollux.capsules[0].cgi.environment.GREETING", () -> "hello from configuration");
        registry.add("pollux.capsules[1].hostname", () -> "fastcgi.localhost");
        registry.add("pollux.capsules[1].root", () -> root.toString());
        registry.add("pollux.capsules[1].cgi.enabled", () -> "false");
        int mount = 0;
        for (String script : FCGIWRAP_SCRIPTS) {
            String prefix = "pollux.capsules[1].fastcgi[" + mount++ + "]";
            registry.add(prefix + ".path", () -> "/cgi-bin/" + script);
            registry.add(prefix + ".address", () -> "unix:" + base.resolve("fcgiwrap.sock"));
            registry.add(prefix + ".environment.SCRIPT_FILENAME", () -> root.resolve("cgi-bin").resolve(script).toString());
            registry.add(prefix + ".environment.TEST_DATA_DIR", () -> data.toString());
            registry.add(prefix + ".environment.GREETING", () -> "hello from configuration");
        }
        mount(registry, mount++, "/down", () -> "unix:" + base.resolve("nobody-listens.sock"));
        mount(registry, mount++, "/python", FastCgiServerTests::pythonAddress);
        mount(registry, mount, "/kept", FastCgiServerTests::pythonAddress);
        registry.add("pollux.capsules[1].fastcgi[" + mount + "].keep-connections", () -> "true");
        registry.add("pollux.capsules[1].fastcgi[" + mount++ + "].max-connections", () -> "1");
        mount(registry, mount, "/slow", FastCgiServerTests::pythonAddress);
        registry.add("pollux.capsules[1].fastcgi[" + mount + "].header-timeout", () -> "1s");
    }

    private static void mount(DynamicPropertyRegistry registry, int index, String path, Supplier<Object> address) {
        registry.add("pollux.capsules[1].fastcgi[" + index + "].path", () -> path);
        registry.add("pollux.capsules[1].fastcgi[" + index + "].address", address);
    }

    private static String pythonAddress() {
        return "127.0.0.1:" + ApplicationProcesses.port(application);
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

    private GeminiResponseBytes get(String host, String pathAndQuery) throws IOException {
        return new GeminiTestClient(port).get("gemini://" + host + ":" + port + pathAndQuery);
    }

    /** The body's NAME=VALUE lines; fcgiwrap ends each with CRLF (see the response table below), CGI with LF. */
    private static Map<String, String> environment(GeminiResponseBytes response) {
        assertThat(response.header()).isEqualTo("20 text/plain\r\n");
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : response.bodyText().split("\r?\n")) {
            int equals = line.indexOf('=');
            variables.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return variables;
    }

    @Test
    void givesAScriptTheSameEnvironmentThroughFcgiwrapAsThroughCgi() throws Exception {
        String path = "/cgi-bin/env.sh/extra//x%2Fy?a%20b=c";
        Map<String, String> cgi = environment(get("localhost", path));
        Map<String, String> fastcgi = environment(get("fastcgi.localhost", path));

        Map<String, String> expected = new LinkedHashMap<>(cgi);
        // what differs because the request went to another capsule, on another connection
        expected.put("GEMINI_URL", "gemini://fastcgi.localhost:" + port + path);
        expected.put("SERVER_NAME", "fastcgi.localhost");
        expected.put("HOSTNAME", "fastcgi.localhost");
        expected.put("REMOTE_PORT", fastcgi.get("REMOTE_PORT"));
        // what fcgiwrap adds: libfcgi's role variable (PATH comes from fcgiwrap's own environment, set like pollux.cgi.path)
        expected.put("FCGI_ROLE", "RESPONDER");
        // what the mount configures for fcgiwrap
        expected.put("SCRIPT_FILENAME", root.resolve("cgi-bin/env.sh").toString());
        assertThat(fastcgi).isEqualTo(expected);
        assertThat(fastcgi).containsEntry("SCRIPT_NAME", "/cgi-bin/env.sh").containsEntry("PATH_INFO", "/extra//x/y")
                .containsEntry("PATH", "/usr/bin:/bin").containsEntry("DOCUMENT_ROOT", root.toString());
    }

    /**
     * Each script's response through fcgiwrap: the same bytes as through CGI, or, where fcgiwrap changes the
     * output, exactly what it makes of it. fcgiwrap reads a script's output as HTTP CGI headers until the first
     * empty line: it ends every line with CRLF meanwhile (a lone LF or CR gets its partner), answers an empty
     * output or a script it cannot run with an HTTP "Status: 502" line of its own (not a Gemini header, so 42),
     * and reports no exit status or signal.
     */
    static Stream<Arguments> responses() {
        List<Arguments> same = new ArrayList<>(Stream.of("/cgi-bin/input.sh", "/cgi-bin/lf-header.sh", "/cgi-bin/not-found.sh",
                "/cgi-bin/meta-1024.sh", "/cgi-bin/fails.sh", "/cgi-bin/no-newline.sh", "/cgi-bin/header-then-fail.sh")
                .map(path -> Arguments.of(path, null)).toList());
        CgiTestScripts.INVALID_HEADERS.keySet().stream().sorted().filter(script -> !script.equals("cr-in-meta.sh"))
                .forEach(script -> same.add(Arguments.of("/cgi-bin/" + script, null)));
        return Stream.concat(same.stream(), Stream.of(
                Arguments.of("/cgi-bin/input.sh?J%C3%BCrgen", "20 text/plain\r\nHello J%C3%BCrgen\r\n"),
                Arguments.of("/cgi-bin/cr-in-meta.sh", "20 text/plain\r\nX\r\n"),
                Arguments.of("/cgi-bin/silent.sh", "42 Script returned an invalid header\r\n"),
                Arguments.of("/cgi-bin/bad-interpreter.sh", "42 Script returned an invalid header\r\n"),
                Arguments.of("/cgi-bin/header-then-crash.sh", "20 text/plain\r\npartial")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void answersWithTheScriptsResponseThroughFcgiwrap(String path, String fcgiwrapResponse) throws Exception {
        GeminiResponseBytes fastcgi = get("fastcgi.localhost", path);
        if (fcgiwrapResponse == null) {
            assertThat(new String(fastcgi.all(), StandardCharsets.ISO_8859_1))
                    .isEqualTo(new String(get("localhost", path).all(), StandardCharsets.ISO_8859_1));
        } else {
            assertThat(fastcgi.all()).asString(StandardCharsets.UTF_8).isEqualTo(fcgiwrapResponse);
        }
    }

    @Test
    void logsTheApplicationsStderrAsACgiScriptsByLine(CapturedOutput output) throws Exception {
        assertThat(get("fastcgi.localhost", "/cgi-bin/stderr.sh").bodyText()).isEqualTo("ok");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(output.getOut())
                .contains("pollux.cgi").contains("fastcgi.localhost/cgi-bin/stderr.sh: first problem")
                .contains("fastcgi.localhost/cgi-bin/stderr.sh: second problem"));
    }

    @Test
    void answers42WhenNothingListensAtTheAddress(CapturedOutput output) throws Exception {
        assertThat(get("fastcgi.localhost", "/down/x").header()).isEqualTo("42 Application unavailable\r\n");
        assertRefused("/down/x", Reason.FASTCGI_UNAVAILABLE, "unavailable");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(output.getOut()).containsPattern(
                "\"gemini://fastcgi.localhost:\\d+/down/x\" 42 \"Application unavailable\" \\d+ \\d+ms - fastcgi\\R"));
    }

    @Test
    void answers42WhenTheHeaderDoesNotComeWithinTheTimeout() throws Exception {
        // the application stays silent for a minute; the mount's header timeout is 1 s
        CompletableFuture<GeminiResponseBytes> response = CompletableFuture.supplyAsync(() -> {
            try {
                return get("fastcgi.localhost", "/slow/silent");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(response.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).header()).isEqualTo("42 Script timed out\r\n");
        assertRefused("/slow/silent", Reason.FASTCGI_TIMEOUT, "timeout");
    }

    @Test
    void answers42ToAMalformedHeader() throws Exception {
        assertThat(get("fastcgi.localhost", "/cgi-bin/not-a-header.sh").header()).isEqualTo("42 Script returned an invalid header\r\n");
        assertRefused("/cgi-bin/not-a-header.sh", Reason.FASTCGI_INVALID_HEADER, "invalid_header");
    }

    /** The access log's and the metrics' view of the request for {@code path}. */
    private void assertRefused(String path, Reason reason, String outcome) throws InterruptedException {
        CompletedRequest request = completed.next(path, DEADLINE);
        assertThat(request.stage()).isEqualTo(Stage.FASTCGI);
        assertThat(request.handlerTag()).isEqualTo("fastcgi");
        assertThat(request.reason()).isEqualTo(reason);
        await().atMost(DEADLINE).until(() -> metrics.find("pollux.fastcgi.requests")
                .tags("capsule", "fastcgi.localhost", "outcome", outcome).counter() != null);
    }

    @Test
    void pausesTheApplicationWhileItsClientIsNotReading() throws Exception {
        Path done = data.resolve("fastcgi-paused-done");
        try (SSLSocket socket = new GeminiTestClient(port).serverName("fastcgi.localhost").connect()) {
            socket.getOutputStream().write(("gemini://fastcgi.localhost:" + port + "/cgi-bin/flood.sh?fastcgi-paused\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] header = "20 application/octet-stream\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(in.readNBytes(header.length)).isEqualTo(header);
            // were the server reading ahead into memory, 100 MiB over a Unix socket would be gone well within this
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !Files.exists(done));
            long length = 0;
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                length += read;
            }
            assertThat(length).isEqualTo((long) CgiTestScripts.CHUNK_BYTES * CgiTestScripts.CHUNKS);
        }
        await().atMost(DEADLINE).until(() -> Files.exists(done));
    }

    @Test
    void sendsAbortRequestWhenTheClientLeaves() throws Exception {
        try (SSLSocket socket = new GeminiTestClient(port).serverName("fastcgi.localhost").connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("gemini://fastcgi.localhost:" + port + "/python/endless\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(socket.getInputStream().readNBytes(19)).isEqualTo("20 text/plain\r\ny\ny\n".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(records()).contains("abort"));
    }

    @Test
    void keepsConnectionsWhenConfiguredAndOpensOnePerRequestOtherwise() throws Exception {
        long connections = count("connection");
        long kept = count("begin keep=1");
        long notKept = count("begin keep=0");
        for (int i = 0; i < 3; i++) {
            assertThat(get("fastcgi.localhost", "/kept/hello").bodyText()).isEqualTo("hello");
        }
        await().atMost(DEADLINE).until(() -> count("begin keep=1") == kept + 3);
        assertThat(count("connection") - connections).as("one connection for three requests, or none when one was kept before")
                .isLessThanOrEqualTo(1);

        long before = count("connection");
        for (int i = 0; i < 2; i++) {
            assertThat(get("fastcgi.localhost", "/python/hello").bodyText()).isEqualTo("hello");
        }
        await().atMost(DEADLINE).until(() -> count("begin keep=0") == notKept + 2);
        assertThat(count("connection") - before).isEqualTo(2);
    }

    private static List<String> records() throws IOException {
        Path file = application.resolve("records");
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static long count(String record) throws IOException {
        return records().stream().filter(record::equals).count();
    }
}
