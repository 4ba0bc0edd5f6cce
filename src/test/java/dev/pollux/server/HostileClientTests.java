package dev.pollux.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

import dev.pollux.clientcert.TestClientCertificates;
import dev.pollux.clientcert.TestClientCertificates.Identity;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.RecordedRequests;
import dev.pollux.support.TestHandlers;
import dev.pollux.support.TlsProbe;
import io.micrometer.core.instrument.MeterRegistry;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that read slowly or not at all, send too much, never finish a handshake or open too many connections:
 * memory stays bounded, stalled readers are cut, cut bodies are told apart from complete ones, and nothing a
 * client does fills the log.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class HostileClientTests {

    private static final long BIG_FILE_BYTES = 48L * 1024 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
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
        Files.writeString(root.resolve("page.gmi"), "# A page\n");
        try (RandomAccessFile big = new RandomAccessFile(root.resolve("big.bin").toFile(), "rw")) {
            big.setLength(BIG_FILE_BYTES);
        }
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.server.write-timeout", () -> "2s");
        registry.add("pollux.server.request-timeout", () -> "2s");
        registry.add("pollux.server.max-connections-per-client", () -> "4");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {

        /** {@code /broken}: a header, two lines, then the body fails. */
        @Bean
        GeminiHandler brokenBody() {
            return TestHandlers.at(Stage.APPLICATION_ROUTES, (exchange, chain) -> {
                if (!exchange.request().path().value().equals("/broken")) {
                    return chain.next(exchange);
                }
                Flux<ByteBuffer> body = Flux.concat(Flux.just("one\n", "two\n").map(line -> ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8))),
                        Flux.error(new IOException("the source broke")));
                return Mono.just(GeminiResponse.success("text/plain", body));
            });
        }

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

    @Test
    void aCompleteBodyEndsWithCloseNotify() throws Exception {
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/page.gmi")) {
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.start()).isEqualTo("20 text/gemini\r\n# A page\n");
            assertThat(probe.endedWithCloseNotify()).isTrue();
        }
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/big.bin")) {
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.bytesReceived()).isEqualTo("20 application/octet-stream\r\n".length() + BIG_FILE_BYTES);
            assertThat(probe.endedWithCloseNotify()).isTrue();
        }
    }

    @Test
    void aStalledReaderIsCutAfterTheWriteTimeoutHavingPinnedOnlyItsWriteBuffer() throws Exception {
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/big.bin")) {
            await().atMost(DEADLINE).until(() -> probe.bytesReceived() > 0);
            probe.pauseReading();

            CompletedRequest cut = completed.next(DEADLINE);
            assertThat(cut).isNotNull();
            assertThat(cut.cut()).isEqualTo(Cut.WRITE_TIMEOUT);

            probe.resumeReading();
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.endedWithCloseNotify()).as("a cut body must not look complete").isFalse();
            assertThat(probe.bytesReceived()).isLessThan(BIG_FILE_BYTES);
            // what the server had read but the socket never took was held in the server's memory: the write buffer
            // (64 KiB) and the chunk being written, not the file
            assertThat(cut.bytesSent() - probe.bytesReceived()).isBetween(0L, 512L * 1024);
        }
        assertThat(metrics.get("pollux.responses.cut").tag("reason", "write_timeout").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aBodyThatFailsAfterItsHeaderIsCut() throws Exception {
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/broken")) {
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.start()).isEqualTo("20 text/plain\r\none\ntwo\n");
            assertThat(probe.endedWithCloseNotify()).isFalse();
        }
        CompletedRequest request = completed.next(DEADLINE);
        assertThat(request.status()).isEqualTo("20");
        assertThat(request.cut()).isEqualTo(Cut.BODY_FAILED);
    }

    @Test
    void aFileThatShrinksWhileBeingSentIsCutNotShortened() throws Exception {
        Path shrinking = base.resolve("root/shrinking.bin");
        try (RandomAccessFile file = new RandomAccessFile(shrinking.toFile(), "rw")) {
            file.setLength(BIG_FILE_BYTES / 2);
        }
        try (TlsProbe probe = TlsProbe.connect("localhost", port).request("gemini://localhost:" + port + "/shrinking.bin")) {
            await().atMost(DEADLINE).until(() -> probe.bytesReceived() > 0);
            probe.pauseReading();
            try (RandomAccessFile file = new RandomAccessFile(shrinking.toFile(), "rw")) {
                file.setLength(1024);
            }
            probe.resumeReading();
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.endedWithCloseNotify()).isFalse();
        }
        CompletedRequest request = completed.next(DEADLINE);
        assertThat(request.cut()).isEqualTo(Cut.BODY_FAILED);
    }

    @Test
    void bytesAfterTheRequestLineAreDroppedWithoutALogLine(CapturedOutput output) throws Exception {
        int before = output.length();
        byte[] request = ("gemini://localhost:" + port + "/page.gmi\r\n" + "x".repeat(5000) + "\r\n" + "y".repeat(3000))
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            GeminiResponseBytes response = new GeminiTestClient(port).serverName("localhost").send(request);
            assertThat(response.header()).isEqualTo("20 text/gemini\r\n");
        }
        await().atMost(DEADLINE).until(() -> completed.pending().size() >= 3);
        String logged = output.toString().substring(before);
        assertThat(logged).doesNotContain(" WARN ").doesNotContain(" ERROR ").doesNotContain("TooLongFrame");
    }

    @Test
    void anErrorDroppedAfterItsClientLeftIsNotLoggedAboveDebug(CapturedOutput output) {
        int before = output.length();
        // what a body cancelled by a client that hung up may still raise (a scheduler worker already disposed)
        Operators.onErrorDropped(new RejectedExecutionException("Scheduler unavailable"), Context.empty());
        String logged = output.toString().substring(before);
        assertThat(logged).doesNotContain(" ERROR ").doesNotContain("Scheduler unavailable");
    }

    @Test
    void connectionsOverTheClientsLimitAreClosedAtAcceptBeforeTls() throws Exception {
        double refusedBefore = refused("max_connections_per_client");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(rawConnection("127.0.0.3"));
            }
            await().atMost(DEADLINE).until(() -> server.openConnections() >= 4);
            try (Socket fifth = rawConnection("127.0.0.3")) {
                fifth.setSoTimeout((int) DEADLINE.toMillis());
                assertThat(fifth.getInputStream().read()).as("closed at once, nothing sent").isEqualTo(-1);
            }
            assertThat(refused("max_connections_per_client")).isEqualTo(refusedBefore + 1);
            GeminiResponseBytes other = new GeminiTestClient(port).from("127.0.0.4").serverName("localhost")
                    .get("gemini://localhost:" + port + "/page.gmi");
            assertThat(other.header()).isEqualTo("20 text/gemini\r\n");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void everyTcpConnectionIsSeenFromAcceptAndHandshakeFailuresAreCountedByReason() throws Exception {
        double timeoutsBefore = handshakeFailures("timeout");
        double notTlsBefore = handshakeFailures("not_tls");
        int openBefore = server.openConnections();
        try (Socket silent = rawConnection("127.0.0.5"); Socket http = rawConnection("127.0.0.6")) {
            await().atMost(DEADLINE).until(() -> server.openConnections() >= openBefore + 2
                    && metrics.get("pollux.connections.active").gauge().value() >= openBefore + 2);
            OutputStream out = http.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            silent.setSoTimeout((int) DEADLINE.toMillis());
            assertThat(silent.getInputStream().read()).as("closed after the handshake timeout").isEqualTo(-1);
        }
        await().atMost(DEADLINE).until(() -> handshakeFailures("timeout") > timeoutsBefore && handshakeFailures("not_tls") > notTlsBefore);
    }

    @Test
    void aClientChainOf96CertificatesIsRefusedAndCounted() throws Exception {
        double failuresBefore = handshakeFailures("client_certificate");
        Identity issuer = TestClientCertificates.ca("root");
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(issuer.certificate());
        for (int i = 0; i < 94; i++) {
            issuer = TestClientCertificates.intermediate("intermediate " + i, issuer);
            chain.add(0, issuer.certificate());
        }
        Identity leaf = TestClientCertificates.issued("leaf", issuer);
        chain.add(0, leaf.certificate());
        assertThat(chain).hasSize(96);
        try (TlsProbe probe = TlsProbe.connectWithCertificate("localhost", port, leaf.key(),
                chain.toArray(X509Certificate[]::new))) {
            probe.request("gemini://localhost:" + port + "/page.gmi");
            assertThat(probe.awaitClosed(DEADLINE)).isTrue();
            assertThat(probe.start()).isEmpty();
        }
        await().atMost(DEADLINE).until(() -> handshakeFailures("client_certificate") > failuresBefore);
    }

    private Socket rawConnection(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    private double refused(String reason) {
        return metrics.get("pollux.connections.refused").tag("reason", reason).counter().count();
    }

    private double handshakeFailures(String reason) {
        return metrics.get("pollux.tls.handshake.failures").tag("reason", reason).counter().count();
    }
}
