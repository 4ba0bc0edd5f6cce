package dev.pollux.actuate;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.pollux.support.LoopbackServer;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, info and Prometheus over the real management port, after real Gemini traffic. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OperationsEndpointsTests {

    @TempDir
    static Path base;

    @Autowired
    GeminiServer server;

    @LocalManagementPort
    int managementPort;

    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(base.resolve("index.gmi"), "# Ops\n");
        Files.createDirectories(base.resolve("cgi-bin"));
        script(base.resolve("cgi-bin/hello"), "#!/bin/sh\nprintf '20 text/plain\\r\\nhello\\n'\n");
        script(base.resolve("cgi-bin/silent"), "#!/bin/sh\nexec sleep 30\n");
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", base::toString);
        registry.add("pollux.cgi.enabled", () -> "true");
        registry.add("pollux.cgi.timeout", () -> "1s");
        registry.add("pollux.capsules[0].rate-limits[0].path", () -> "/limited");
        registry.add("pollux.capsules[0].rate-limits[0].limit", () -> "1/h");
        registry.add("pollux.capsules[0].client-certificates[0].path", () -> "/members/");
        registry.add("pollux.capsules[0].client-certificates[0].require", () -> "any");
    }

    private static void script(Path file, String content) throws Exception {
        Files.writeString(file, content);
        file.toFile().setExecutable(true);
    }

    @BeforeEach
    void port() {
        port = server.port();
    }

    private String http(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @Test
    void reportsHealthWithTheListenerInReadinessAndTheCertificates() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        String health = http("/actuator/health");
        assertThat(health).contains("\"status\":\"UP\"").contains("\"gemini\":{").contains("\"listening\":true")
                .contains("\"certificates\":{").contains("\"state\":\"VALID\"");
        assertThat(http("/actuator/health/readiness")).contains("\"gemini\"").contains("\"readinessState\"").contains("\"status\":\"UP\"");
        assertThat(http("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    }

    @Test
    void describesVersionCapsulesAndCertificatesButNoSecrets() throws Exception {
        String info = http("/actuator/info");
        String fingerprint = new GeminiTestClient(port).get("gemini://localhost:" + port + "/").serverFingerprint();
        assertThat(info).contains("\"pollux\":").contains("\"version\":").contains("\"hostname\":\"localhost\"").contains(fingerprint);
        assertThat(info).doesNotContain(base.toString()).doesNotContain("PRIVATE").doesNotContain(".key");
    }

    @Test
    void exposesOnlyHealthInfoAndPrometheus() throws Exception {
        HttpResponse<String> env = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/env")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(env.statusCode()).isEqualTo(404);
    }

    @Test
    void exportsRequestConnectionTlsAndCertificateSeriesWithoutClientOrPathLabels() throws Exception {
        GeminiTestClient client = new GeminiTestClient(port).serverName("localhost");
        client.get("gemini://localhost:" + port + "/");
        client.get("gemini://localhost:" + port + "/missing-" + System.nanoTime());
        client.send("not a url\r\n".getBytes(StandardCharsets.UTF_8));
        client.send(("gemini://elsewhere.example:" + port + "/\r\n").getBytes(StandardCharsets.UTF_8));
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(10_000);
            OutputStream out = plain.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the server closes a connection that does not speak TLS, answering at most a TLS alert, never a line of text
            String answer = new String(plain.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).doesNotContain("\r\n").doesNotContain("HTTP/");
        }
        client.get("gemini://localhost:" + port + "/cgi-bin/hello");
        client.get("gemini://localhost:" + port + "/cgi-bin/silent");
        client.get("gemini://localhost:" + port + "/members/");
        client.get("gemini://localhost:" + port + "/limited");
        assertThat(client.get("gemini://localhost:" + port + "/limited").header()).startsWith("44 ");
        String metrics = http("/actuator/prometheus");
        assertThat(metrics)
                .contains("pollux_requests_seconds_count{capsule=\"localhost\",handler=\"static-file\",status=\"20\"}")
                // latency buckets chosen for Gemini, without configuration
                .contains("pollux_requests_seconds_bucket{capsule=\"localhost\",handler=\"static-file\",status=\"20\",le=\"0.025\"}")
                .contains("pollux_requests_seconds_bucket{capsule=\"localhost\",handler=\"static-file\",status=\"20\",le=\"30.0\"}")
                .contains("pollux_requests_seconds_count{capsule=\"localhost\",handler=\"none\",status=\"51\"}")
                .contains("pollux_requests_rejected_total{reason=\"malformed\"}")
                .contains("pollux_requests_rejected_total{reason=\"unknown_host\"}")
                .contains("pollux_sent_bytes_total{capsule=\"localhost\"}")
                .contains("pollux_tls_negotiated_total{cipher=\"TLS_AES_")
                .contains("pollux_tls_handshakes_seconds_count{outcome=\"success\"}")
                .contains("pollux_tls_handshakes_seconds_count{outcome=\"error\"}")
                .contains("pollux_connections_active ")
                .contains("pollux_connections_opened_total ")
                .contains("pollux_certificate_not_after_timestamp_seconds{capsule=\"localhost\"}")
                .contains("pollux_cgi_runs_total{capsule=\"localhost\",outcome=\"success\"} 1.0")
                .contains("pollux_cgi_runs_total{capsule=\"localhost\",outcome=\"timeout\"} 1.0")
                .contains("pollux_requests_seconds_count{capsule=\"localhost\",handler=\"cgi\",status=\"42\"} 1")
                .contains("pollux_rate_limited_total{scope=\"capsule\"} 1.0")
                .contains("pollux_client_certificates_refused_total{capsule=\"localhost\",status=\"60\"} 1.0");
        assertThat(metrics.lines().filter(line -> line.startsWith("pollux_")))
                .noneMatch(line -> line.contains("127.0.0.1") || line.contains("remote") || line.contains("missing-") || line.contains("path="));
        assertThat(metrics.lines().filter(line -> line.startsWith("pollux_tls_handshakes_seconds_count{outcome=\"error\"}")))
                .allMatch(line -> !line.endsWith(" 0.0"));
    }
}
