package dev.pollux.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.pollux.PolluxVersion;
import dev.pollux.support.LoopbackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Prometheus scrapes before any Gemini client has connected: every counter is there, at 0, so an alert on a
 * rate sees 0 rather than no data. No request is sent in this class.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class MetricsAtStartupTests {

    @TempDir
    static Path base;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(base.resolve("index.gmi"), "# Metrics\n");
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", base::toString);
        registry.add("pollux.capsules[1].hostname", () -> "second.example");
        registry.add("pollux.capsules[1].root", base::toString);
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void everyCounterIsThereAtZeroBeforeTheFirstRequest() throws Exception {
        String metrics = scrape();
        List<String> expected = List.of(
                "pollux_cgi_runs_total{capsule=\"localhost\",outcome=\"success\"} 0.0",
                "pollux_cgi_runs_total{capsule=\"second.example\",outcome=\"busy\"} 0.0",
                "pollux_rate_limited_total{scope=\"server\"} 0.0",
                "pollux_rate_limited_total{scope=\"capsule\"} 0.0",
                "pollux_client_certificates_refused_total{capsule=\"localhost\",status=\"60\"} 0.0",
                "pollux_client_certificates_refused_total{capsule=\"second.example\",status=\"62\"} 0.0",
                "pollux_requests_rejected_total{reason=\"malformed\"} 0.0",
                "pollux_requests_rejected_total{reason=\"unknown_host\"} 0.0",
                "pollux_requests_rejected_total{reason=\"timeout\"} 0.0",
                "pollux_proxy_requests_total{capsule=\"localhost\",outcome=\"backend_unreachable\"} 0.0",
                "pollux_fastcgi_requests_total{capsule=\"localhost\",outcome=\"unavailable\"} 0.0",
                "pollux_scgi_requests_total{capsule=\"localhost\",outcome=\"timeout\"} 0.0",
                "pollux_sent_bytes_total{capsule=\"localhost\"} 0.0",
                "pollux_connections_refused_total{reason=\"max_connections\"} 0.0",
                "pollux_tls_handshake_failures_total{reason=\"timeout\"} 0.0",
                "pollux_certificate_reload_failures_total 0.0",
                "pollux_tls_negotiated_total{cipher=\"TLS_AES_128_GCM_SHA256\",protocol=\"TLSv1.3\"} 0.0",
                "pollux_tls_negotiated_total{cipher=\"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\",protocol=\"TLSv1.2\"} 0.0",
                "pollux_cgi_running 0.0",
                "pollux_rate_limit_states 0.0",
                "pollux_rate_limit_states_removed_total{cause=\"evicted\"} 0.0",
                "pollux_rate_limit_states_removed_total{cause=\"expired\"} 0.0");
        assertThat(metrics.lines()).containsAll(expected);
        assertThat(metrics.lines().filter(line -> line.startsWith("pollux_") && line.contains("_total")))
                .as("every Pollux counter").isNotEmpty().allMatch(line -> line.endsWith(" 0.0"));
    }

    @Test
    void publishesTheVersionAndEachCertificatesExpiryAsATimestamp() throws Exception {
        String metrics = scrape();
        assertThat(metrics).contains("pollux_build_info{java=\"" + Runtime.version() + "\",version=\"" + PolluxVersion.current() + "\"} 1");
        String notAfter = metrics.lines().filter(line -> line.startsWith("pollux_certificate_not_after_timestamp_seconds{capsule=\"localhost\"}"))
                .findFirst().orElseThrow();
        double seconds = Double.parseDouble(notAfter.substring(notAfter.lastIndexOf(' ') + 1));
        // a generated certificate is valid for decades
        assertThat(Instant.ofEpochSecond((long) seconds)).isAfter(Instant.now().plusSeconds(365L * 24 * 3600 * 40));
    }
}
