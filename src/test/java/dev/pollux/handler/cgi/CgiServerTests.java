package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.pollux.PolluxVersion;
import dev.pollux.clientcert.TestClientCertificates;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.TlsProbe;
import dev.pollux.tls.SelfSignedCertificateGenerator;
import dev.pollux.tls.ServerCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * CGI over real TLS with real shell scripts: the environment, path splitting, headers, failures,
 * timeouts and disconnects (with the processes really gone), a 100 MiB body, and the server staying
 * responsive while scripts run.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class CgiServerTests {

    private static final Duration DEADLINE = ScriptProcesses.DEADLINE;
    private static final TestClientCertificates.Identity CA = TestClientCertificates.ca("CGI test CA");

    @TempDir
    static Path base;

    static Path root;
    static Path data;

    @Autowired
    GeminiServer server;

    int port;

    @DynamicPropertySource
    static void capsules(DynamicPropertyRegistry registry) throws IOException {
        root = CgiTestScripts.create(base).toRealPath();
        data = base.resolve("data").toRealPath();
        LoopbackServer.register(registry, base);
        registry.add("pollux.cgi.enabled", () -> "true");
        registry.add("pollux.cgi.timeout", () -> "10s");
        registry.add("pollux.tls.client-ca-file", () -> TestClientCertificates.writePem(base.resolve("ca.pem"), CA.certificate()).toString());
        registry.add("pollux.cgi.max-concurrent", () -> "16");
        registry.add("pollux.cgi.path", () -> "/usr/bin:/bin");
        registry.add("pollux.cgi.environment.TEST_DATA_DIR", data::toString);
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.capsules[0].cgi.environment.GREETING", () -> "hello from configuration");
        registry.add("pollux.capsules[1].hostname", () -> "slow.example");
        registry.add("pollux.capsules[1].root", root::toString);
        registry.add("pollux.capsules[1].cgi.timeout", () -> "1s");
        registry.add("pollux.capsules[2].hostname", () -> "busy.example");
        registry.add("pollux.capsules[2].root", root::toString);
        registry.add("pollux.capsules[2].cgi.max-concurrent", () -> "1");
        registry.add("pollux.capsules[3].hostname", () -> "off.example");
        registry.add("pollux.capsules[3].root", root::toString);
        registry.add("pollux.capsules[3].cgi.enabled", () -> "false");
        registry.add("pollux.capsules[4].hostname", () -> "custom.example");
        registry.add("pollux.capsules[4].root", root::toString);
        registry.add("pollux.capsules[4].cgi.directory", () -> "scripts");
    }

    @BeforeEach
    void port() {
        port = server.port();
    }

    private GeminiResponseBytes get(String host, String pathAndQuery) throws IOException {
        return new GeminiTestClient(port).get("gemini://" + host + ":" + port + pathAndQuery);
    }

    private GeminiResponseBytes get(String pathAndQuery) throws IOException {
        return get("localhost", pathAndQuery);
    }

    private static Map<String, String> environment(GeminiResponseBytes response) {
        assertThat(response.header()).isEqualTo("20 text/plain\r\n");
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : response.bodyText().split("\n")) {
            int equals = line.indexOf('=');
            variables.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return variables;
    }

    @Test
    void givesScriptsExactlyJetforcesVariablesAndTheUsualCgiOnesWithoutACertificate() throws Exception {
        String url = "gemini://localhost:" + port + "/cgi-bin/env.sh/extra?a%20b=c";
        Map<String, String> variables = environment(new GeminiTestClient(port).get(url));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("GATEWAY_INTERFACE", "CGI/1.1");
        expected.put("SERVER_PROTOCOL", "GEMINI");
        expected.put("SERVER_SOFTWARE", "pollux/" + PolluxVersion.current());
        expected.put("GEMINI_URL", url);
        expected.put("SCRIPT_NAME", "/cgi-bin/env.sh");
        expected.put("PATH_INFO", "/extra");
        expected.put("QUERY_STRING", "a%20b=c");
        expected.put("SERVER_NAME", "localhost");
        expected.put("HOSTNAME", "localhost");
        expected.put("SERVER_PORT", String.valueOf(port));
        expected.put("REMOTE_ADDR", "127.0.0.1");
        expected.put("REMOTE_HOST", "127.0.0.1");
        expected.put("SERVER_ADDR", "127.0.0.1");
        expected.put("REQUEST_METHOD", "");
        expected.put("DOCUMENT_ROOT", root.toString());
        expected.put("TLS_VERSION", "TLSv1.3");
        expected.put("PATH", "/usr/bin:/bin");
        expected.put("TEST_DATA_DIR", data.toString());
        expected.put("GREETING", "hello from configuration");
        // dash exports PWD itself: it shows the working directory is the script's own
        expected.put("PWD", root.resolve("cgi-bin").toString());
        assertThat(variables).containsAllEntriesOf(expected);
        assertThat(variables.get("REMOTE_PORT")).matches("[1-9][0-9]*");
        assertThat(variables.get("TLS_CIPHER")).startsWith("TLS_");
        assertThat(variables.keySet()).containsExactlyInAnyOrderElementsOf(
                concat(expected.keySet(), List.of("REMOTE_PORT", "TLS_CIPHER")));
    }

    @Test
    void givesScriptsTheClientCertificateInJetforcesFormats() throws Exception {
        ServerCertificate alice = new SelfSignedCertificateGenerator(Clock.systemUTC()).generate("alice");
        GeminiResponseBytes response = new GeminiTestClient(port).clientCertificate(alice.privateKey(), alice.leaf())
                .get("gemini://localhost:" + port + "/cgi-bin/env.sh");
        Map<String, String> variables = environment(response);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(alice.leaf().getEncoded());
        DateTimeFormatter iso = DateTimeFormatter.ISO_INSTANT;
        assertThat(variables)
                .containsEntry("AUTH_TYPE", "CERTIFICATE")
                .containsEntry("REMOTE_USER", "alice")
                .containsEntry("TLS_CLIENT_HASH", "SHA256:" + HexFormat.of().withUpperCase().formatHex(digest))
                .containsEntry("TLS_CLIENT_HASH_B64", Base64.getUrlEncoder().encodeToString(digest))
                .containsEntry("TLS_CLIENT_NOT_BEFORE", iso.format(alice.leaf().getNotBefore().toInstant().truncatedTo(ChronoUnit.SECONDS)))
                .containsEntry("TLS_CLIENT_NOT_AFTER", iso.format(alice.leaf().getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS)))
                .containsEntry("TLS_CLIENT_SERIAL_NUMBER", alice.leaf().getSerialNumber().toString())
                .containsEntry("TLS_CLIENT_AUTHORISED", "0")
                .containsEntry("PATH_INFO", "")
                .containsEntry("QUERY_STRING", "");
        assertThat(variables.get("TLS_CLIENT_NOT_BEFORE")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(variables.get("TLS_CLIENT_SERIAL_NUMBER")).matches("[0-9]+");
    }

    @Test
    void tellsScriptsWhetherTheCertificateChainsToATrustedCa() throws Exception {
        TestClientCertificates.Identity bob = TestClientCertificates.issued("bob", CA,
                TestClientCertificates.now().minus(Duration.ofDays(1)), TestClientCertificates.now().plus(Duration.ofDays(30)));
        Map<String, String> variables = environment(new GeminiTestClient(port).clientCertificate(bob.key(), bob.chain())
                .get("gemini://localhost:" + port + "/cgi-bin/env.sh"));
        assertThat(variables).containsEntry("TLS_CLIENT_AUTHORISED", "1").containsEntry("REMOTE_USER", "bob");
    }

    @Test
    void keepsTheServersOwnEnvironmentAwayFromScripts() throws Exception {
        Map<String, String> variables = environment(get("/cgi-bin/env.sh"));
        for (String name : System.getenv().keySet()) {
            if (!name.equals("PATH") && !name.equals("PWD") && !name.equals("HOSTNAME")) {
                assertThat(variables).doesNotContainKey(name);
            }
        }
        assertThat(variables).doesNotContainKeys("AUTH_TYPE", "REMOTE_USER", "TLS_CLIENT_HASH");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "/cgi-bin/env.sh              | /cgi-bin/env.sh      | ''",
            "/cgi-bin/env.sh/             | /cgi-bin/env.sh      | /",
            "/cgi-bin/env.sh/a//b/        | /cgi-bin/env.sh      | /a//b/",
            "/cgi-bin/env.sh/a%20b/%C3%A9 | /cgi-bin/env.sh      | /a b/é",
            "/cgi-bin/%65nv.sh/x          | /cgi-bin/env.sh      | /x",
            "/cgi-bin/sub/deep.sh/more    | /cgi-bin/sub/deep.sh | /more",
            "/cgi-bin/sub/deep.sh         | /cgi-bin/sub/deep.sh | ''",
    })
    void splitsThePathAtTheShortestExecutablePrefix(String path, String scriptName, String pathInfo) throws Exception {
        Map<String, String> variables = environment(get(path));
        assertThat(variables).containsEntry("SCRIPT_NAME", scriptName).containsEntry("PATH_INFO", pathInfo);
    }

    @Test
    void runsScriptsFromTheCapsulesOwnCgiDirectory() throws Exception {
        Map<String, String> variables = environment(get("custom.example", "/scripts/env.sh/p"));
        assertThat(variables).containsEntry("SCRIPT_NAME", "/scripts/env.sh").containsEntry("SERVER_NAME", "custom.example");
    }

    @Test
    void leavesTheCgiDirectoryToStaticFilesWhenTheCapsuleTurnsCgiOff() throws Exception {
        GeminiResponseBytes response = get("off.example", "/cgi-bin/source.sh");
        assertThat(response.header()).startsWith("20 ");
        assertThat(response.bodyText()).contains("SECRET SOURCE");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
            "/cgi-bin/source.sh",
            "/cgi-bin/missing.sh",
            "/cgi-bin/missing.sh/more",
            "/cgi-bin/.hidden.sh",
            "/cgi-bin/",
            "/cgi-bin",
            "/cgi-bin/sub/",
            "/cgi-bin/source.sh/x",
    })
    void neverServesAnythingUnderTheCgiDirectoryAsAFile(String path) throws Exception {
        GeminiResponseBytes response = get(path);
        assertThat(response.header()).isEqualTo("51 Not found\r\n");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answersStaticFilesOutsideTheCgiDirectory() throws Exception {
        assertThat(get("/index.gmi").header()).isEqualTo("20 text/gemini\r\n");
    }

    @Test
    void keepsTheQueryEncodedAndLetsTheScriptAskForInput() throws Exception {
        assertThat(get("/cgi-bin/input.sh").header()).isEqualTo("10 Your name?\r\n");
        GeminiResponseBytes answered = get("/cgi-bin/input.sh?J%C3%BCrgen%20M");
        assertThat(answered.header()).isEqualTo("20 text/plain\r\n");
        assertThat(answered.bodyText()).isEqualTo("Hello J%C3%BCrgen%20M\n");
    }

    @Test
    void reEmitsAnLfHeaderWithCrlfAndPassesTheBodyByteForByte() throws Exception {
        GeminiResponseBytes response = get("/cgi-bin/lf-header.sh");
        assertThat(response.header()).isEqualTo("20 text/gemini\r\n");
        assertThat(response.body()).containsExactly('#', ' ', 'H', 'i', '\r', '\n', 0, 0xff, 'e', 'n', 'd');
    }

    @Test
    void sendsNoBodyWithAStatusOtherThanSuccess() throws Exception {
        GeminiResponseBytes response = get("/cgi-bin/not-found.sh");
        assertThat(response.header()).isEqualTo("51 Nothing here\r\n");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void acceptsMetaOfExactly1024Bytes() throws Exception {
        assertThat(get("/cgi-bin/meta-1024.sh").header()).isEqualTo("51 " + "a".repeat(1024) + "\r\n");
    }

    static List<String> invalidHeaderScripts() {
        return List.copyOf(CgiTestScripts.INVALID_HEADERS.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHeaderScripts")
    void answers42ToAnInvalidHeader(String script) throws Exception {
        GeminiResponseBytes response = get("/cgi-bin/" + script);
        assertThat(response.header()).isEqualTo("42 Script returned an invalid header\r\n");
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"silent.sh", "fails.sh", "no-newline.sh", "bad-interpreter.sh"})
    void answers42WhenTheScriptEndsOrCannotStartBeforeItsHeader(String script) throws Exception {
        assertThat(get("/cgi-bin/" + script).header()).isEqualTo("42 Script failed\r\n");
    }

    @Test
    void endsTheBodyInOrderWhenTheScriptExitsWithAFailureStatusAfterItsHeader() throws Exception {
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/cgi-bin/header-then-fail.sh")) {
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.start()).isEqualTo("20 text/plain\r\npartial");
            assertThat(probe.endedWithCloseNotify()).as("an exit status is the script's own business").isTrue();
        }
    }

    @Test
    void cutsTheBodyWhenTheScriptDiesByASignalAfterItsHeader() throws Exception {
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/cgi-bin/header-then-crash.sh")) {
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.start()).isEqualTo("20 text/plain\r\npartial");
            assertThat(probe.endedWithCloseNotify()).as("a crashed script's output must not look complete").isFalse();
        }
    }

    @Test
    void logsStderrLineByLineWithTheScriptName(CapturedOutput output) throws Exception {
        assertThat(get("/cgi-bin/stderr.sh").bodyText()).isEqualTo("ok");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(output.getOut())
                .contains("localhost/cgi-bin/stderr.sh: first problem")
                .contains("localhost/cgi-bin/stderr.sh: second problem"));
    }

    @Test
    void answers42AfterTheTimeoutAndKillsTheWholeProcessTree() throws Exception {
        GeminiResponseBytes response = get("slow.example", "/cgi-bin/hang.sh?timeout");
        assertThat(response.header()).isEqualTo("42 Script timed out\r\n");
        assertGone(pid("timeout"));
        assertGone(pid("timeout-child"));
    }

    @Test
    void killsTheScriptWhenTheClientLeavesBeforeTheHeader() throws Exception {
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            socket.getOutputStream().write(("gemini://localhost:" + port + "/cgi-bin/hang.sh?left-early\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            await().atMost(DEADLINE).until(() -> Files.exists(data.resolve("left-early-child.pid")));
        }
        // well before the capsule's 10 s timeout would have killed it
        assertGone(pid("left-early"), Duration.ofSeconds(8));
        assertGone(pid("left-early-child"), Duration.ofSeconds(8));
    }

    @Test
    void killsTheScriptWhenTheClientLeavesDuringTheBody() throws Exception {
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("gemini://localhost:" + port + "/cgi-bin/endless.sh?endless\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(16 + 64 * 1024)).startsWith("20 text/plain\r\ny\ny\n".getBytes(StandardCharsets.UTF_8));
        }
        assertGone(pid("endless"));
    }

    @Test
    void leavesNoPipeOpenHoweverAScriptEnds() throws Exception {
        long before = ScriptProcesses.openPipes(); // the server runs in this JVM: its scripts' pipes are ours

        assertThat(get("/cgi-bin/env.sh").header()).isEqualTo("20 text/plain\r\n");
        assertThat(get("/cgi-bin/not-found.sh").header()).startsWith("51 ");
        assertThat(get("/cgi-bin/no-space.sh").header()).startsWith("42 ");
        assertThat(get("/cgi-bin/fails.sh").header()).startsWith("42 ");
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            socket.getOutputStream().write(("gemini://localhost:" + port + "/cgi-bin/hang.sh?pipes-hang\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            await().atMost(DEADLINE).until(() -> Files.exists(data.resolve("pipes-hang-child.pid")));
        }
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            socket.getOutputStream().write(("gemini://localhost:" + port + "/cgi-bin/endless.sh?pipes-endless\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().readNBytes(64 * 1024)).startsWith("20 text/plain\r\n".getBytes(StandardCharsets.UTF_8));
        }
        assertGone(pid("pipes-hang"), Duration.ofSeconds(8));
        assertGone(pid("pipes-endless"));

        // at most as many as before: scripts of earlier tests may still have been ending then
        await().atMost(DEADLINE).until(() -> ScriptProcesses.openPipes() <= before);
    }

    @Test
    void streamsA100MiBBodyByteForByte() throws Exception {
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        byte[] chunk = Files.readAllBytes(data.resolve("chunk.bin"));
        for (int i = 0; i < CgiTestScripts.CHUNKS; i++) {
            expected.update(chunk);
        }
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long length = 0;
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            socket.getOutputStream().write(("gemini://localhost:" + port + "/cgi-bin/big.sh\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] header = "20 application/octet-stream\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(in.readNBytes(header.length)).isEqualTo(header);
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.update(buffer, 0, read);
                length += read;
            }
        }
        assertThat(length).isEqualTo((long) CgiTestScripts.CHUNK_BYTES * CgiTestScripts.CHUNKS);
        assertThat(received.digest()).isEqualTo(expected.digest());
    }

    @Test
    void pausesAScriptWhileItsClientIsNotReading() throws Exception {
        Path done = data.resolve("paused-done");
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            socket.getOutputStream().write(("gemini://localhost:" + port + "/cgi-bin/flood.sh?paused\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] header = "20 application/octet-stream\r\n".getBytes(StandardCharsets.US_ASCII);
            assertThat(in.readNBytes(header.length)).isEqualTo(header);
            // were the server reading ahead into memory, 100 MiB over loopback would be gone well within this
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
    void answersStaticRequestsPromptlyWhileTenSlowScriptsRun() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            List<Future<GeminiResponseBytes>> slow = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = "slow" + i;
                slow.add(clients.submit(() -> get("/cgi-bin/wait.sh?" + id)));
            }
            for (int i = 0; i < 10; i++) {
                Path started = data.resolve("started-slow" + i);
                await().atMost(DEADLINE).until(() -> Files.exists(started));
            }
            assertThat(get("/index.gmi").header()).isEqualTo("20 text/gemini\r\n");
            assertThat(slow).noneMatch(Future::isDone);
            for (int i = 0; i < 10; i++) {
                Files.createFile(data.resolve("release-slow" + i));
            }
            for (int i = 0; i < 10; i++) {
                GeminiResponseBytes response = slow.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(response.header()).isEqualTo("20 text/plain\r\n");
                assertThat(response.bodyText()).isEqualTo("done slow" + i);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void answers41PastTheCapsulesBoundAndRunsAgainOnceAScriptEnds() throws Exception {
        ExecutorService clients = Executors.newSingleThreadExecutor();
        try {
            Future<GeminiResponseBytes> first = clients.submit(() -> get("busy.example", "/cgi-bin/wait.sh?busy"));
            await().atMost(DEADLINE).until(() -> Files.exists(data.resolve("started-busy")));
            assertThat(get("busy.example", "/cgi-bin/env.sh").header()).isEqualTo("41 " + CgiHandler.BUSY_META + "\r\n");
            Files.createFile(data.resolve("release-busy"));
            assertThat(first.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).bodyText()).isEqualTo("done busy");
            await().atMost(DEADLINE).untilAsserted(() ->
                    assertThat(get("busy.example", "/cgi-bin/env.sh").header()).isEqualTo("20 text/plain\r\n"));
        } finally {
            clients.shutdownNow();
        }
    }

    private static long pid(String name) {
        return ScriptProcesses.pid(data, name);
    }

    private static void assertGone(long pid) {
        ScriptProcesses.assertGone(pid, DEADLINE);
    }

    private static void assertGone(long pid, Duration within) {
        ScriptProcesses.assertGone(pid, within);
    }

    private static List<String> concat(Collection<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
