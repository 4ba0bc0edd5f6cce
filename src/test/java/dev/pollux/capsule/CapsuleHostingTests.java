package dev.pollux.capsule;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.pollux.support.LoopbackServer;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.TestCertificates;
import dev.pollux.tls.ServerCertificate;
import dev.pollux.tls.ServerCertificateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual hosting over real TLS: alpha (generated certificate, per-path rules), beta (PEM
 * certificate, default capsule, user directories), gamma (Spring SSL bundle) and the wildcard
 * {@code *.users.example} with one directory per subdomain.
 */
@SpringBootTest
class CapsuleHostingTests {

    @TempDir
    static Path base;

    static ServerCertificate betaCertificate;
    static ServerCertificate gammaCertificate;

    @Autowired
    GeminiServer server;

    int port;

    @DynamicPropertySource
    static void capsules(DynamicPropertyRegistry registry) throws Exception {
        Path alpha = write("alpha/index.gmi", "# Alpha\n").getParent();
        write("alpha/drafts/secret.gmi", "# Draft\n");
        write("alpha/notes/today.gmi", "# Notes\n");
        write("alpha/data/table.csv", "a,b\n");
        Path beta = write("beta/index.gmi", "# Beta\n").getParent();
        Path gamma = write("gamma/index.gmi", "# Gamma\n").getParent();
        write("home/alice/public_gemini/index.gmi", "# Alice at home\n");
        write("home/bob/public_gemini/secret.gmi", "# Bob's secret\n");
        write("users/alice/index.gmi", "# Alice's capsule\n");
        write("users/bob/private.gmi", "# Bob private\n");
        Files.createSymbolicLink(base.resolve("users/alice/to-bob"), base.resolve("users/bob"));
        betaCertificate = TestCertificates.writeSelfSigned(base.resolve("pem"), "beta", "beta.example");
        gammaCertificate = TestCertificates.writeSelfSigned(base.resolve("pem"), "gamma", "gamma.example");

        LoopbackServer.register(registry, base);
        registry.add("pollux.server.accept-ip-hosts", () -> "true");

        registry.add("pollux.capsules[0].hostname", () -> "alpha.example");
        registry.add("pollux.capsules[0].root", alpha::toString);
        registry.add("pollux.capsules[0].rules[0].path", () -> "/old/(.*)");
        registry.add("pollux.capsules[0].rules[0].redirect", () -> "/new/$1");
        registry.add("pollux.capsules[0].rules[1].path", () -> "/moved/(?<rest>.*)");
        registry.add("pollux.capsules[0].rules[1].redirect", () -> "gemini://beta.example/${rest}");
        registry.add("pollux.capsules[0].rules[1].permanent", () -> "true");
        registry.add("pollux.capsules[0].rules[2].path", () -> "/removed(/.*)?");
        registry.add("pollux.capsules[0].rules[2].gone", () -> "true");
        registry.add("pollux.capsules[0].rules[3].path", () -> "/drafts/.*");
        registry.add("pollux.capsules[0].rules[3].hidden", () -> "true");
        registry.add("pollux.capsules[0].rules[4].path", () -> "/notes/.*");
        registry.add("pollux.capsules[0].rules[4].lang", () -> "fr");
        registry.add("pollux.capsules[0].rules[5].path", () -> ".*\\.csv");
        registry.add("pollux.capsules[0].rules[5].mime-type", () -> "text/plain");
        registry.add("pollux.capsules[0].rules[5].charset", () -> "utf-8");

        registry.add("pollux.capsules[1].hostname", () -> "beta.example");
        registry.add("pollux.capsules[1].root", beta::toString);
        registry.add("pollux.capsules[1].default", () -> "true");
        registry.add("pollux.capsules[1].tls.certificate", () -> base.resolve("pem/beta.crt").toString());
        registry.add("pollux.capsules[1].tls.private-key", () -> base.resolve("pem/beta.key").toString());
        registry.add("pollux.capsules[1].user-directories", () -> base.resolve("home").toString() + "/{user}/public_gemini");

        registry.add("spring.ssl.bundle.pem.gamma.keystore.certificate", () -> "file:" + base.resolve("pem/gamma.crt"));
        registry.add("spring.ssl.bundle.pem.gamma.keystore.private-key", () -> "file:" + base.resolve("pem/gamma.key"));
        registry.add("pollux.capsules[2].hostname", () -> "gamma.example");
        registry.add("pollux.capsules[2].root", gamma::toString);
        registry.add("pollux.capsules[2].tls.bundle", () -> "gamma");

        registry.add("pollux.capsules[3].hostname", () -> "*.users.example");
        registry.add("pollux.capsules[3].root", () -> base.resolve("users").toString() + "/{subdomain}");
    }

    private static Path write(String relative, String content) throws Exception {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    @BeforeEach
    void port() {
        port = server.port();
    }

    private GeminiResponseBytes get(String host, String path) throws Exception {
        return new GeminiTestClient(port).serverName(host).get("gemini://" + host + ":" + port + path);
    }

    @Test
    void eachServerNameGetsItsOwnCertificate() throws Exception {
        String alpha = ServerCertificateStore.readPem(base.resolve("certs/alpha.example.crt"), base.resolve("certs/alpha.example.key")).fingerprint();
        String wildcard = ServerCertificateStore.readPem(base.resolve("certs/_.users.example.crt"), base.resolve("certs/_.users.example.key")).fingerprint();
        assertThat(get("alpha.example", "/").serverFingerprint()).isEqualTo(alpha);
        assertThat(get("beta.example", "/").serverFingerprint()).isEqualTo(betaCertificate.fingerprint());
        assertThat(get("gamma.example", "/").serverFingerprint()).isEqualTo(gammaCertificate.fingerprint());
        assertThat(get("alice.users.example", "/").serverFingerprint()).isEqualTo(wildcard);
        assertThat(get("bob.users.example", "/private.gmi").serverFingerprint()).isEqualTo(wildcard);
        assertThat(java.util.List.of(alpha, betaCertificate.fingerprint(), gammaCertificate.fingerprint(), wildcard)).doesNotHaveDuplicates();
    }

    @Test
    void eachHostGetsItsOwnContent() throws Exception {
        assertThat(get("alpha.example", "/").bodyText()).isEqualTo("# Alpha\n");
        assertThat(get("beta.example", "/").bodyText()).isEqualTo("# Beta\n");
        assertThat(get("gamma.example", "/").bodyText()).isEqualTo("# Gamma\n");
        assertThat(get("alice.users.example", "/").bodyText()).isEqualTo("# Alice's capsule\n");
        assertThat(get("bob.users.example", "/private.gmi").bodyText()).isEqualTo("# Bob private\n");
    }

    @Test
    void refusesAHostOtherThanTheOneTheConnectionWasMadeFor() throws Exception {
        GeminiTestClient alphaConnection = new GeminiTestClient(port).serverName("alpha.example");
        assertThat(alphaConnection.get("gemini://beta.example:" + port + "/").header()).isEqualTo("53 Host does not match the TLS server name\r\n");
        GeminiTestClient aliceConnection = new GeminiTestClient(port).serverName("alice.users.example");
        assertThat(aliceConnection.get("gemini://bob.users.example:" + port + "/private.gmi").header()).isEqualTo("53 Host does not match the TLS server name\r\n");
        assertThat(get("nowhere.example", "/").header()).isEqualTo("53 Host not served here\r\n");
    }

    @Test
    void connectionsWithoutServerNameGetTheDefaultCapsule() throws Exception {
        GeminiResponseBytes response = new GeminiTestClient(port).send(("gemini://beta.example:" + port + "/\r\n").getBytes());
        assertThat(response.header()).isEqualTo("20 text/gemini\r\n");
        assertThat(response.serverFingerprint()).isEqualTo(betaCertificate.fingerprint());
        GeminiResponseBytes byAddress = new GeminiTestClient(port).send(("gemini://127.0.0.1:" + port + "/\r\n").getBytes());
        assertThat(byAddress.bodyText()).isEqualTo("# Beta\n");
        assertThat(new GeminiTestClient(port).send(("gemini://192.0.2.1:" + port + "/\r\n").getBytes()).header())
                .isEqualTo("53 Host not served here\r\n");
    }

    @ParameterizedTest(name = "{0}{1} -> {2}")
    @CsvSource({
            "alice.users.example, /../bob/private.gmi,                       59 Path leaves the root",
            "alice.users.example, /%2e%2e/bob/private.gmi,                   59 Path leaves the root",
            "alice.users.example, /to-bob/private.gmi,                       51 Not found",
            "alice.users.example, /private.gmi,                              51 Not found",
            "alice.users.example, /x/../../bob/private.gmi,                  59 Path leaves the root",
            "carol.users.example, /,                                         51 Not found",
            "beta.example,        /~bob/../../users/bob/private.gmi,         59 Path leaves the root",
            "beta.example,        /~bob/../users/bob/private.gmi,            51 Not found",
            "beta.example,        /~nobody/,                                 51 Not found",
            "beta.example,        /~../users/,                               51 Not found",
            "beta.example,        /~bob/%2e%2e/%2e%2e/users/bob/private.gmi, 59 Path leaves the root",
    })
    void neverServesAnotherUsersFiles(String host, String path, String header) throws Exception {
        GeminiResponseBytes response = get(host, path);
        assertThat(response.header()).isEqualTo(header + "\r\n");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void servesUserDirectories() throws Exception {
        assertThat(get("beta.example", "/~alice/").bodyText()).isEqualTo("# Alice at home\n");
        assertThat(get("beta.example", "/~bob/secret.gmi").bodyText()).isEqualTo("# Bob's secret\n");
        assertThat(get("beta.example", "/~alice").header()).isEqualTo("31 gemini://beta.example:" + port + "/~alice/\r\n");
        assertThat(get("alpha.example", "/~alice/").header()).isEqualTo("51 Not found\r\n");
    }

    @Test
    void appliesEachKindOfRule() throws Exception {
        assertThat(get("alpha.example", "/old/a%20b/page.gmi").header()).isEqualTo("30 gemini://alpha.example:" + port + "/new/a%20b/page.gmi\r\n");
        assertThat(get("alpha.example", "/moved/x.gmi").header()).isEqualTo("31 gemini://beta.example/x.gmi\r\n");
        assertThat(get("alpha.example", "/removed").header()).isEqualTo("52 Gone\r\n");
        assertThat(get("alpha.example", "/removed/thing.gmi").header()).isEqualTo("52 Gone\r\n");
        assertThat(get("alpha.example", "/drafts/secret.gmi").header()).isEqualTo("51 Not found\r\n");
        assertThat(get("alpha.example", "/%64rafts/secret.gmi").header()).isEqualTo("51 Not found\r\n");
        assertThat(get("alpha.example", "/notes/today.gmi").header()).isEqualTo("20 text/gemini; lang=fr\r\n");
        assertThat(get("alpha.example", "/data/table.csv").header()).isEqualTo("20 text/plain; charset=utf-8\r\n");
        assertThat(get("alpha.example", "/data/table.csv").bodyText()).isEqualTo("a,b\n");
        assertThat(get("alpha.example", "/notes/missing.gmi").header()).isEqualTo("51 Not found\r\n");
    }
}
