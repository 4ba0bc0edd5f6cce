package dev.pollux.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import javax.net.ssl.SSLSocket;

import dev.pollux.PolluxApplication;
import dev.pollux.clientcert.TestClientCertificates;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.Reason;
import dev.pollux.server.CompletedRequest;
import dev.pollux.server.Cut;
import dev.pollux.server.GeminiServer;
import dev.pollux.server.RequestListener;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.RecordedRequests;
import dev.pollux.support.TestBackend;
import dev.pollux.support.TlsProbe;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The reverse proxy with real parts only: this Pollux relays over real TLS to a second Pollux started by the test
 * (files, a 10 MiB body, redirects) and to a scripted Gemini server ({@link TestBackend}) that answers well or badly,
 * hangs, stalls, cuts its body or never ends. The backends' timeouts here are one second, so each {@code 43} comes
 * well within the deadline the test allows, and far from the defaults.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class ReverseProxyTests {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final int BIG_BYTES = 10 * 1024 * 1024;
    private static final RecordedRequests completed = new RecordedRequests();

    @TempDir
    static Path base;

    static ConfigurableApplicationContext polluxBackend;
    static ConfigurableApplicationContext stoppedBackend;
    static TestBackend scripted;
    static ServerSocket silent;
    static int polluxPort;
    static byte[] big;

    @Autowired
    GeminiServer server;

    @Autowired
    MeterRegistry metrics;

    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        Path backendRoot = Files.createDirectories(base.resolve("backend"));
        Files.createDirectories(backendRoot.resolve("docs"));
        Files.writeString(backendRoot.resolve("docs/page.gmi"), "# A page of the backend\n=> /docs/other.gmi Other\n");
        Files.writeString(backendRoot.resolve("docs/café.gmi"), "# Café\n");
        big = new byte[BIG_BYTES];
        new Random(15).nextBytes(big);
        Files.write(backendRoot.resolve("big.bin"), big);
        polluxBackend = startPollux("backend", "--pollux.capsules[0].root=" + backendRoot,
                "--pollux.capsules[0].rules[0].path=/old/(.*)", "--pollux.capsules[0].rules[0].redirect=/docs/$1");
        polluxPort = polluxBackend.getBean(GeminiServer.class).port();
        String polluxFingerprint = new GeminiTestClient(polluxPort).get("gemini://localhost:" + polluxPort + "/docs/page.gmi").serverFingerprint();
        stoppedBackend = startPollux("stopped");
        int stoppedPort = stoppedBackend.getBean(GeminiServer.class).port();
        scripted = TestBackend.start();
        // accepts TCP connections (in its backlog) and never says a word of TLS
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Path caFile = TestClientCertificates.writePem(base.resolve("backend-ca.pem"), scripted.certificate());

        Path root = Files.createDirectories(base.resolve("front"));
        Files.writeString(root.resolve("index.gmi"), "# The front capsule\n");
        Files.createDirectories(root.resolve("echoes"));
        Files.writeString(root.resolve("echoes/index.gmi"), "# Not proxied\n");
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.capsules[0].rules[0].path", () -> "/echo/gone/.*");
        registry.add("pollux.capsules[0].rules[0].gone", () -> "true");
        registry.add("pollux.capsules[0].client-certificates[0].path", () -> "/echo/members/");
        registry.add("pollux.capsules[0].client-certificates[0].require", () -> "any");
        registry.add("pollux.capsules[0].rate-limits[0].path", () -> "/echo/limited/**");
        registry.add("pollux.capsules[0].rate-limits[0].limit", () -> "1/h");
        mount(registry, 0, "/pollux/", "gemini://localhost:" + polluxPort + "/", "fingerprint", polluxFingerprint);
        mount(registry, 1, "/echo/", "gemini://localhost:" + scripted.port() + "/e/", "fingerprint", scripted.fingerprint());
        mount(registry, 2, "/scripted/", "gemini://localhost:" + scripted.port(), "fingerprint", scripted.fingerprint());
        mount(registry, 3, "/patient/", "gemini://localhost:" + scripted.port(), "fingerprint", scripted.fingerprint());
        registry.add("pollux.capsules[0].proxies[3].header-timeout", () -> "60s");
        mount(registry, 4, "/silent/", "gemini://localhost:" + silent.getLocalPort(), "none", null);
        mount(registry, 5, "/stopped/", "gemini://localhost:" + stoppedPort + "/", "none", null);
        mount(registry, 6, "/mispinned/", "gemini://localhost:" + polluxPort + "/", "fingerprint", scripted.fingerprint());
        mount(registry, 7, "/ca-file/", "gemini://localhost:" + scripted.port() + "/e/", "ca", null);
        registry.add("pollux.capsules[0].proxies[7].ca-file", caFile::toString);
        mount(registry, 8, "/system-ca/", "gemini://localhost:" + scripted.port() + "/e/", "ca", null);
        mount(registry, 9, "/by-ip/", "gemini://127.0.0.1:" + scripted.port() + "/e/", "fingerprint", scripted.fingerprint());
    }

    private static void mount(DynamicPropertyRegistry registry, int index, String path, String to, String verify, String fingerprint) {
        String prefix = "pollux.capsules[0].proxies[" + index + "].";
        registry.add(prefix + "path", () -> path);
        registry.add(prefix + "to", () -> to);
        registry.add(prefix + "verify", () -> verify);
        registry.add(prefix + "connect-timeout", () -> "1s");
        registry.add(prefix + "header-timeout", () -> "1s");
        registry.add(prefix + "body-timeout", () -> "1s");
        if (fingerprint != null) {
            registry.add(prefix + "fingerprints[0]", () -> fingerprint);
        }
    }

    private static ConfigurableApplicationContext startPollux(String name, String... arguments) {
        String[] common = {"--management.server.port=0", "--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                "--pollux.tls.certificate-directory=" + base.resolve(name + "-certs"), "--spring.jmx.enabled=false"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(common), java.util.Arrays.stream(arguments)).toArray(String[]::new);
        return new SpringApplicationBuilder(PolluxApplication.class).run(all);
    }

    @AfterAll
    static void stopBackends() throws IOException {
        polluxBackend.close();
        stoppedBackend.close();
        scripted.close();
        silent.close();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        RequestListener recorder() {
            return completed;
        }
    }

    @BeforeEach
    void setUp() {
        port = server.port();
        completed.clear();
        scripted.requests().clear();
        scripted.closedByPeer().clear();
    }

    private GeminiResponseBytes get(String pathAndQuery) throws IOException {
        return new GeminiTestClient(port).get("gemini://localhost:" + port + pathAndQuery);
    }

    private GeminiResponseBytes direct(String pathAndQuery) throws IOException {
        return new GeminiTestClient(polluxPort).get("gemini://localhost:" + polluxPort + pathAndQuery);
    }

    @Test
    void aProxiedPathAnswersWithTheBackendsBytesExactly() throws Exception {
        GeminiResponseBytes proxied = get("/pollux/docs/page.gmi");
        assertThat(proxied.header()).isEqualTo("20 text/gemini\r\n");
        assertThat(proxied.all()).isEqualTo(direct("/docs/page.gmi").all());
        assertThat(get("/pollux/docs/caf%C3%A9.gmi").all()).isEqualTo(direct("/docs/caf%C3%A9.gmi").all());
        assertThat(get("/pollux/missing").header()).isEqualTo("51 Not found\r\n");
    }

    @Test
    void aTenMebibyteBodyArrivesByteForByteAndEndsWithCloseNotify() throws Exception {
        GeminiResponseBytes proxied = get("/pollux/big.bin");
        assertThat(proxied.header()).isEqualTo("20 application/octet-stream\r\n");
        assertThat(proxied.body()).isEqualTo(big);
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/pollux/big.bin")) {
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.bytesReceived()).isEqualTo("20 application/octet-stream\r\n".length() + BIG_BYTES);
            assertThat(probe.endedWithCloseNotify()).isTrue();
        }
    }

    @Test
    void passesRedirectsOnUnchanged() throws Exception {
        assertThat(get("/pollux/old/page.gmi").header()).isEqualTo("30 gemini://localhost:" + polluxPort + "/docs/page.gmi\r\n");
        assertThat(get("/scripted/redirect").header()).isEqualTo("30 " + TestBackend.REDIRECT + "\r\n");
        assertThat(get("/scripted/input").header()).isEqualTo("10 Your name?\r\n");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/echo/a/b?x=1%202&y     | /e/a/b?x=1%202&y",
            "/echo/a/b/              | /e/a/b/",
            "/echo                   | /e",
            "/echo/                  | /e/",
            "/echo?                  | /e?",
            "//echo//a/./b           | /e/a/b",
            "/x/../echo/a/../b       | /e/b",
            "/%65cho/caf%C3%A9       | /e/caf%C3%A9",
            "/echo/a%2Fb%2F..%2Fc    | /e/a/c",
            "/echo/a%20b%3Fc%23d     | /e/a%20b%3Fc%23d",
            "/echo/%7Euser/~x        | /e/~user/~x",
    })
    void relaysTheCanonicalPathUnderTheBackendsPrefixWithTheQueryAsSent(String requested, String relayed) throws Exception {
        GeminiResponseBytes response = get(requested);
        assertThat(response.header()).isEqualTo("20 text/plain\r\n");
        assertThat(response.bodyText()).isEqualTo("gemini://localhost:" + scripted.port() + relayed);
    }

    @Test
    void aMountIsAPrefixOfWholeSegments() throws Exception {
        assertThat(get("/echoes/").bodyText()).as("not under /echo/").isEqualTo("# Not proxied\n");
        assertThat(get("/ECHO/").header()).isEqualTo("51 Not found\r\n");
        assertThat(scripted.requests()).isEmpty();
    }

    @Test
    void rulesCertificateRulesAndRateLimitsApplyBeforeTheProxy() throws Exception {
        assertThat(get("/echo/gone/x").header()).isEqualTo("52 Gone\r\n");
        assertThat(get("//echo/./gone/x").header()).isEqualTo("52 Gone\r\n");
        assertThat(get("/echo/members/").header()).isEqualTo("60 Client certificate required\r\n");
        assertThat(get("/%65cho/members/x").header()).isEqualTo("60 Client certificate required\r\n");
        assertThat(get("/echo/limited/").header()).isEqualTo("20 text/plain\r\n");
        assertThat(get("/echo/limited/").header()).isEqualTo("44 3600\r\n");
        assertThat(get("//echo/limited/again").header()).isEqualTo("44 3600\r\n");
        assertThat(scripted.requests()).as("the backend saw only what passed").containsExactly("gemini://localhost:" + scripted.port() + "/e/limited/");
    }

    @Test
    void theAccessLogAndMetricsShowTheProxyStage(CapturedOutput output) throws Exception {
        double answered = proxied("answered");
        get("/echo/logged");
        CompletedRequest request = completed.next(DEADLINE);
        assertThat(request.stage()).isEqualTo(Stage.PROXY);
        await().atMost(DEADLINE).until(() -> proxied("answered") == answered + 1);
        await().atMost(DEADLINE).until(() -> metrics.get("pollux.requests").tag("handler", "proxy").timer().count() > 0);
        await().atMost(DEADLINE).until(() -> output.toString().contains("/echo/logged\" 20 \"text/plain\""));
        assertThat(output.toString()).containsPattern("/echo/logged\" 20 \"text/plain\" \\d+ \\d+ms - proxy\\R");
    }

    @Test
    void aBackendThatHangsGives43WithinItsHeaderTimeoutAndIsClosed() {
        double before = proxied("backend_header_timeout");
        GeminiResponseBytes response = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> get("/scripted/hang"));
        assertThat(response.header()).isEqualTo("43 Backend timed out\r\n");
        await().atMost(DEADLINE).until(() -> proxied("backend_header_timeout") == before + 1);
        await().atMost(DEADLINE).until(() -> scripted.closedByPeer().contains("hang"));
    }

    @Test
    void aBackendThatNeverAnswersTlsGives43WithinItsConnectTimeout() {
        double before = proxied("backend_connect_timeout");
        GeminiResponseBytes response = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> get("/silent/"));
        assertThat(response.header()).isEqualTo("43 Backend timed out\r\n");
        await().atMost(DEADLINE).until(() -> proxied("backend_connect_timeout") == before + 1);
    }

    @Test
    void aStoppedBackendGives43() {
        stoppedBackend.close();
        double before = proxied("backend_unreachable");
        GeminiResponseBytes response = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> get("/stopped/"));
        assertThat(response.header()).isEqualTo("43 Backend unreachable\r\n");
        await().atMost(DEADLINE).until(() -> proxied("backend_unreachable") == before + 1);
    }

    @ParameterizedTest
    @CsvSource({
            "/scripted/malformed,        43 Backend sent an invalid header, backend_invalid_header",
            "/scripted/undefined-status, 43 Backend sent an invalid header, backend_invalid_header",
            "/scripted/long-meta,        43 Backend sent an invalid header, backend_invalid_header",
            "/scripted/no-header,        43 Backend closed the connection,  backend_closed",
    })
    void aBackendThatAnswersGarbageGives43(String path, String header, String reason) {
        double before = proxied(reason);
        GeminiResponseBytes response = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> get(path));
        assertThat(response.all()).isEqualTo((header + "\r\n").getBytes(StandardCharsets.UTF_8));
        await().atMost(DEADLINE).until(() -> proxied(reason) == before + 1);
    }

    @Test
    void aBackendWhoseCertificateIsNotPinnedGives43AndTheLogSaysWhy(CapturedOutput output) throws Exception {
        assertThat(get("/mispinned/docs/page.gmi").header()).isEqualTo("43 Backend TLS handshake failed\r\n");
        assertThat(output.toString()).contains("is not one of the pinned fingerprints");
        await().atMost(DEADLINE).until(() -> proxied(Reason.BACKEND_TLS_FAILED.tag()) > 0);
    }

    @Test
    void verifiesACaIssuedBackendAndItsHostName() throws Exception {
        assertThat(get("/ca-file/x").bodyText()).isEqualTo("gemini://localhost:" + scripted.port() + "/e/x");
        assertThat(get("/system-ca/x").header()).as("a self-signed backend is not in the system's trust store")
                .isEqualTo("43 Backend TLS handshake failed\r\n");
    }

    @Test
    void reachesABackendByItsIpAddressWithoutSni() throws Exception {
        assertThat(get("/by-ip/x").bodyText()).isEqualTo("gemini://127.0.0.1:" + scripted.port() + "/e/x");
    }

    @Test
    void aBodyThatStallsPastTheBodyTimeoutIsCut() throws Exception {
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/scripted/slow-body")) {
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.start()).isEqualTo("20 text/plain\r\npartial");
            assertThat(probe.endedWithCloseNotify()).as("a cut body must not look complete").isFalse();
        }
        CompletedRequest request = completed.next(DEADLINE);
        assertThat(request.cut()).isEqualTo(Cut.BODY_FAILED);
        await().atMost(DEADLINE).until(() -> scripted.closedByPeer().contains("slow-body"));
    }

    @Test
    void aBodyTheBackendCutsStaysVisiblyCut() throws Exception {
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/scripted/truncated")) {
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.start()).isEqualTo("20 text/plain\r\nsome");
            assertThat(probe.endedWithCloseNotify()).isFalse();
        }
    }

    @Test
    void readsTheBackendOnlyAsFastAsTheClientTakesIt() throws Exception {
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/scripted/endless")) {
            await().atMost(DEADLINE).until(() -> probe.bytesReceived() > 1024 * 1024);
            probe.pauseReading();
            // the backend writes until every buffer on the way is full (sockets, TLS, the write buffer), then waits
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500))
                    .until(new Stable(scripted::endlessBytes, 4));
            // measured at about 11 MB, nearly all of it in the four loopback sockets' kernel buffers; without
            // back-pressure the endless body would pile up in memory as fast as loopback carries it
            long pinned = scripted.endlessBytes() - probe.bytesReceived();
            assertThat(pinned).as("bytes the backend wrote that the client has not read").isLessThan(32L * 1024 * 1024);
            probe.resumeReading();
            long resumedAt = scripted.endlessBytes();
            await().atMost(DEADLINE).until(() -> scripted.endlessBytes() > resumedAt + 4 * 1024 * 1024);
        }
        await().atMost(DEADLINE).until(() -> scripted.closedByPeer().contains("endless"));
    }

    @Test
    void closesTheBackendConnectionWhenTheClientLeavesBeforeTheHeader() throws Exception {
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            socket.getOutputStream().write(("gemini://localhost:" + port + "/patient/hang\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            await().atMost(DEADLINE).until(() -> !scripted.requests().isEmpty());
        }
        // long before the mount's 60 s header timeout
        await().atMost(DEADLINE).until(() -> scripted.closedByPeer().contains("hang"));
    }

    @Test
    void closesTheBackendConnectionWhenTheClientLeavesDuringTheBody() throws Exception {
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            socket.getOutputStream().write(("gemini://localhost:" + port + "/scripted/endless\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(15 + 64 * 1024)).startsWith("20 text/plain\r\nyyyy".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(DEADLINE).until(() -> scripted.closedByPeer().contains("endless"));
    }

    private double proxied(String outcome) {
        var counter = metrics.find("pollux.proxy.requests").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** True once the value has not changed for {@code polls} polls in a row. */
    private static final class Stable implements java.util.concurrent.Callable<Boolean> {
        private final java.util.function.LongSupplier value;
        private final int polls;
        private long last = -1;
        private int same;

        Stable(java.util.function.LongSupplier value, int polls) {
            this.value = value;
            this.polls = polls;
        }

        @Override
        public Boolean call() {
            long now = value.getAsLong();
            same = now == last ? same + 1 : 0;
            last = now;
            return same >= polls;
        }
    }
}
