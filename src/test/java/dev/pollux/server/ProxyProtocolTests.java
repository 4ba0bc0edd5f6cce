package dev.pollux.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.ProxyHeaders;
import dev.pollux.support.RecordedRequests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The PROXY protocol over real sockets: a trusted balancer (127.0.0.1) sends a real v1 or v2 header, then the client's
 * real TLS request follows on the same connection, and the address the header names is the client everywhere: the
 * rate limit, the per-client connection limit, the access log and a CGI script's environment. Untrusted sources
 * (127.0.0.2), malformed, missing and late headers are closed before TLS and counted.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class ProxyProtocolTests {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final RecordedRequests completed = new RecordedRequests();

    @TempDir
    static Path base;

    @Autowired
    GeminiServer server;

    @Autowired
    MeterRegistry metrics;

    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.writeString(root.resolve("index.gmi"), "# Behind a balancer\n");
        Files.createDirectories(root.resolve("limited"));
        Files.writeString(root.resolve("limited/index.gmi"), "# Limited\n");
        Path script = Files.writeString(Files.createDirectories(root.resolve("cgi-bin")).resolve("env.sh"),
                "#!/bin/sh\nprintf '20 text/plain\\r\\n'\nenv\n");
        script.toFile().setExecutable(true);
        LoopbackServer.register(registry, base);
        registry.add("pollux.server.proxy-protocol", () -> "true");
        registry.add("pollux.server.trusted-proxies[0]", () -> "127.0.0.1/32");
        registry.add("pollux.server.request-timeout", () -> "2s");
        registry.add("pollux.server.max-connections-per-client", () -> "2");
        registry.add("pollux.cgi.enabled", () -> "true");
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.capsules[0].rate-limits[0].path", () -> "/limited/**");
        registry.add("pollux.capsules[0].rate-limits[0].limit", () -> "2/h");
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
    }

    private GeminiResponseBytes get(byte[] proxyHeader, String path) throws IOException {
        return new GeminiTestClient(port).proxyHeader(proxyHeader).get("gemini://localhost:" + port + path);
    }

    @Test
    void aCgiScriptSeesTheClientAddressOfAV1Header() throws Exception {
        GeminiResponseBytes response = get(ProxyHeaders.v1("203.0.113.7", 4242, "192.0.2.1", 1965), "/cgi-bin/env.sh");
        assertThat(response.header()).isEqualTo("20 text/plain\r\n");
        assertThat(response.bodyText()).contains("REMOTE_ADDR=203.0.113.7\n", "REMOTE_HOST=203.0.113.7\n", "REMOTE_PORT=4242\n");
    }

    @Test
    void aCgiScriptSeesTheClientAddressOfAV2HeaderIpv4OrIpv6() throws Exception {
        assertThat(get(ProxyHeaders.v2("198.51.100.9", 50312, "192.0.2.1", 1965), "/cgi-bin/env.sh").bodyText())
                .contains("REMOTE_ADDR=198.51.100.9\n", "REMOTE_PORT=50312\n");
        assertThat(get(ProxyHeaders.v2("2001:db8::42", 61000, "2001:db8::1", 1965), "/cgi-bin/env.sh").bodyText())
                .contains("REMOTE_ADDR=2001:db8::42\n", "REMOTE_PORT=61000\n");
    }

    @Test
    void theAccessLogShowsTheClientAddressOfTheHeader(CapturedOutput output) throws Exception {
        assertThat(get(ProxyHeaders.v1("203.0.113.21", 5001, "192.0.2.1", 1965), "/").header()).isEqualTo("20 text/gemini\r\n");
        assertThat(get(ProxyHeaders.v2("203.0.113.22", 5002, "192.0.2.1", 1965), "/").header()).isEqualTo("20 text/gemini\r\n");
        await().atMost(DEADLINE).until(() -> output.toString().contains(" 203.0.113.22:5002 localhost \"gemini://localhost:" + port + "/\" 20 "));
        assertThat(output.toString()).contains(" 203.0.113.21:5001 localhost \"gemini://localhost:" + port + "/\" 20 ");
    }

    @Test
    void theRateLimitCountsTheClientOfTheHeaderNotTheBalancer() throws Exception {
        byte[] client = ProxyHeaders.v2("203.0.113.30", 6000, "192.0.2.1", 1965);
        assertThat(get(client, "/limited/").header()).isEqualTo("20 text/gemini\r\n");
        assertThat(get(client, "/limited/").header()).isEqualTo("20 text/gemini\r\n");
        assertThat(get(client, "/limited/").header()).isEqualTo("44 1800\r\n");
        assertThat(get(ProxyHeaders.v1("203.0.113.30", 6001, "192.0.2.1", 1965), "/limited/").header())
                .as("the same client through a v1 header").isEqualTo("44 1800\r\n");
        assertThat(get(ProxyHeaders.v2("203.0.113.31", 6000, "192.0.2.1", 1965), "/limited/").header())
                .as("another client through the same balancer").isEqualTo("20 text/gemini\r\n");
    }

    @Test
    void theConnectionLimitPerClientCountsTheClientOfTheHeader() throws Exception {
        double refusedBefore = refused("max_connections_per_client");
        byte[] client = ProxyHeaders.v2("203.0.113.40", 7000, "192.0.2.1", 1965);
        List<SSLSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(new GeminiTestClient(port).serverName("localhost").proxyHeader(client).connect());
            }
            assertThatExceptionOfType(IOException.class).as("a third connection of the same client")
                    .isThrownBy(() -> new GeminiTestClient(port).serverName("localhost").proxyHeader(client).connect().close());
            assertThat(refused("max_connections_per_client")).isEqualTo(refusedBefore + 1);
            assertThat(get(ProxyHeaders.v2("203.0.113.41", 7000, "192.0.2.1", 1965), "/").header())
                    .as("another client through the same balancer").isEqualTo("20 text/gemini\r\n");
        } finally {
            for (SSLSocket socket : held) {
                socket.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2 LOCAL", "PROXY UNKNOWN\r\n"})
    void aHeaderNamingNoClientIsServedAsTheBalancersOwnConnection(String header) throws Exception {
        byte[] bytes = header.equals("v2 LOCAL") ? ProxyHeaders.v2Local() : header.getBytes(StandardCharsets.US_ASCII);
        assertThat(get(bytes, "/").header()).isEqualTo("20 text/gemini\r\n");
        CompletedRequest request = completed.next(DEADLINE);
        assertThat(request.client().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void anUntrustedSourceSendingAHeaderIsClosedBeforeTls() throws Exception {
        double refusedBefore = refused("untrusted_proxy");
        double handshakeFailuresBefore = handshakeFailures();
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> new GeminiTestClient(port).from("127.0.0.2")
                .proxyHeader(ProxyHeaders.v2("203.0.113.50", 8000, "192.0.2.1", 1965)).get("gemini://localhost:" + port + "/"));
        await().atMost(DEADLINE).until(() -> refused("untrusted_proxy") == refusedBefore + 1);
        assertThat(handshakeFailures()).as("no TLS handshake was begun").isEqualTo(handshakeFailuresBefore);
        // not isEmpty(): an earlier test's script may complete its request after the list was cleared
        assertThat(completed.pending()).as("no request from the untrusted source or the client its header names")
                .noneMatch(request -> List.of("127.0.0.2", "203.0.113.50").contains(request.client().getAddress().getHostAddress()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PROXY TCP4 not-an-address 192.0.2.1 1 1965\r\n", "PROXY TCP4 203.0.113.7\r\n", "HELLO\r\n"})
    void aMalformedHeaderIsClosedBeforeTls(String header) throws Exception {
        double refusedBefore = refused("proxy_header_invalid");
        assertThatExceptionOfType(IOException.class).isThrownBy(() -> get(header.getBytes(StandardCharsets.US_ASCII), "/"));
        await().atMost(DEADLINE).until(() -> refused("proxy_header_invalid") == refusedBefore + 1);
    }

    @Test
    void aClientThatBypassesTheBalancerIsClosedBeforeTls() throws Exception {
        double refusedBefore = refused("proxy_header_invalid");
        assertThatExceptionOfType(IOException.class).as("a TLS ClientHello where the header should be")
                .isThrownBy(() -> new GeminiTestClient(port).get("gemini://localhost:" + port + "/"));
        await().atMost(DEADLINE).until(() -> refused("proxy_header_invalid") == refusedBefore + 1);
    }

    @Test
    void aHeaderThatDoesNotComeWithinTheRequestTimeoutIsCountedAsSuch() throws Exception {
        double refusedBefore = refused("proxy_header_timeout");
        double handshakeFailuresBefore = handshakeFailures();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("PROXY TCP4 203.0.113.7".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout((int) DEADLINE.toMillis());
            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("closed by the server, with nothing written").isEqualTo(-1);
        }
        await().atMost(DEADLINE).until(() -> refused("proxy_header_timeout") == refusedBefore + 1);
        assertThat(handshakeFailures()).isEqualTo(handshakeFailuresBefore);
    }

    private double refused(String reason) {
        return metrics.get("pollux.connections.refused").tag("reason", reason).counter().count();
    }

    private double handshakeFailures() {
        return metrics.get("pollux.tls.handshake.failures").counters().stream().mapToDouble(counter -> counter.count()).sum();
    }
}
