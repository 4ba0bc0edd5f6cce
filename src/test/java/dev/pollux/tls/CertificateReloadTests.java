package dev.pollux.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.PolluxContextRunner;
import dev.pollux.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Certificate files replaced under a running server: new handshakes get the new one, connections in flight are untouched. */
class CertificateReloadTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner runner(String reloadInterval) throws Exception {
        Files.createDirectories(directory.resolve("content"));
        Files.writeString(directory.resolve("content/index.gmi"), "# Reload\n");
        return PolluxContextRunner.runner(directory)
                .withPropertyValues("pollux.tls.reload-interval=" + reloadInterval,
                        "pollux.capsules[0].hostname=localhost", "pollux.capsules[0].root=" + directory.resolve("content"),
                        "pollux.capsules[0].tls.certificate=" + directory.resolve("live/server.crt"),
                        "pollux.capsules[0].tls.private-key=" + directory.resolve("live/server.key"));
    }

    /** Writes a new pair beside the live one and moves it in, as certbot and Kubernetes do. */
    private ServerCertificate install(String name) throws Exception {
        ServerCertificate certificate = TestCertificates.writeSelfSigned(directory.resolve("staging"), name, "localhost");
        Files.createDirectories(directory.resolve("live"));
        Files.move(directory.resolve("staging/" + name + ".key"), directory.resolve("live/server.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(directory.resolve("staging/" + name + ".crt"), directory.resolve("live/server.crt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return certificate;
    }

    private static GeminiResponseBytes get(int port) throws Exception {
        return new GeminiTestClient(port).get("gemini://localhost:" + port + "/");
    }

    @Test
    void newHandshakesUseTheReplacedCertificateWhileOpenConnectionsFinish() throws Exception {
        ServerCertificate first = install("first");
        runner("0s").run(context -> {
            int port = context.getBean(GeminiServer.class).port();
            CertificateReloader reloader = context.getBean(CertificateReloader.class);
            assertThat(get(port).serverFingerprint()).isEqualTo(first.fingerprint());
            try (SSLSocket inFlight = new GeminiTestClient(port).serverName("localhost").connect()) {
                ServerCertificate second = install("second");
                reloader.checkAll();
                assertThat(get(port).serverFingerprint()).isEqualTo(second.fingerprint());
                assertThat(new GeminiTestClient(port).send(("gemini://localhost:" + port + "/\r\n").getBytes()).serverFingerprint())
                        .as("no SNI: the default capsule's new certificate").isEqualTo(second.fingerprint());
                inFlight.getOutputStream().write(("gemini://localhost:" + port + "/\r\n").getBytes());
                inFlight.getOutputStream().flush();
                GeminiResponseBytes response = new GeminiResponseBytes(GeminiTestClient.readAll(inFlight.getInputStream()),
                        (java.security.cert.X509Certificate) inFlight.getSession().getPeerCertificates()[0]);
                assertThat(response.header()).isEqualTo("20 text/gemini\r\n");
                assertThat(response.serverFingerprint()).isEqualTo(first.fingerprint());
                assertThat(context.getBean(ServedCertificates.class).current().get("localhost").fingerprint()).isEqualTo(second.fingerprint());
            }
        });
    }

    @Test
    void keepsTheOldCertificateWhenTheNewFilesAreBroken() throws Exception {
        ServerCertificate first = install("first");
        runner("0s").run(context -> {
            int port = context.getBean(GeminiServer.class).port();
            CertificateReloader reloader = context.getBean(CertificateReloader.class);
            Files.writeString(directory.resolve("live/server.crt"), "-----BEGIN CERTIFICATE-----\nhalf written");
            reloader.checkAll();
            assertThat(get(port).serverFingerprint()).isEqualTo(first.fingerprint());
            TestCertificates.writeSelfSigned(directory.resolve("other"), "other", "localhost");
            Files.copy(directory.resolve("other/other.crt"), directory.resolve("live/server.crt"), StandardCopyOption.REPLACE_EXISTING);
            reloader.checkAll();
            assertThat(get(port).serverFingerprint()).as("a certificate whose key is missing").isEqualTo(first.fingerprint());
            ServerCertificate fixed = install("fixed");
            reloader.checkAll();
            assertThat(get(port).serverFingerprint()).isEqualTo(fixed.fingerprint());
        });
    }

    @Test
    void pollsTheFilesOnItsOwn() throws Exception {
        install("first");
        runner("100ms").run(context -> {
            int port = context.getBean(GeminiServer.class).port();
            ServerCertificate second = install("second");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            String seen = get(port).serverFingerprint();
            while (!seen.equals(second.fingerprint()) && System.nanoTime() < deadline) {
                seen = get(port).serverFingerprint();
            }
            assertThat(seen).isEqualTo(second.fingerprint());
        });
    }
}
