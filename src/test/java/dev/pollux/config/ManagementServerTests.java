package dev.pollux.config;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import dev.pollux.PolluxApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Boot's management server settings, as an operator sets them, on the real application: the Actuator
 * runs on Boot's separate management server and nothing else speaks HTTP.
 */
class ManagementServerTests {

    @TempDir
    Path directory;

    private final HttpClient http = HttpClient.newHttpClient();

    private ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(PolluxApplication.class).run(concat(new String[] {
                "--spring.config.location=optional:file:" + directory + "/", "--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                "--pollux.tls.certificate-directory=" + directory.resolve("certs")}, arguments));
    }

    @Test
    void theActuatorAnswersOnTheConfiguredAddressAndBasePathOnly() throws Exception {
        try (ConfigurableApplicationContext context = start("--management.server.address=127.0.0.1", "--management.server.port=0",
                "--management.server.base-path=/manage")) {
            int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/manage/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            // bound to 127.0.0.1 alone, not to every address: another loopback address is refused
            assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port));
                }
            });
            assertThat(context.getEnvironment().getProperty("local.server.port")).as("no main HTTP server").isEqualTo("-1");
        }
    }

    @Test
    void theActuatorAnswersOnLoopbackOnlyUnlessAnAddressIsConfigured() throws Exception {
        try (ConfigurableApplicationContext context = start("--management.server.port=0")) {
            int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            // every address of this machine other than 127.0.0.1 is refused; 127.0.0.2 is one that a test may reach
            assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port));
                }
            });
        }
    }

    @Test
    void aManagementPortOfMinusOneTurnsHttpOff() {
        try (ConfigurableApplicationContext context = start("--management.server.port=-1")) {
            assertThat(context.getEnvironment().getProperty("local.management.port")).isNull();
            assertThat(context.getEnvironment().getProperty("local.server.port")).isEqualTo("-1");
        }
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
