package dev.pollux.clientcert;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.pollux.clientcert.TestClientCertificates.Identity;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.TestHandlers;
import dev.pollux.tls.ClientCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
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

import static dev.pollux.clientcert.TestClientCertificates.now;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client certificates over real TLS 1.2 and 1.3 connections: every field the inspector reports, CA trust per
 * capsule, and the 60/61/62 answers of each kind of rule. A test-only handler after the rules answers
 * {@code /inspect} with the inspected fields and any other path with "reached"; {@code /files/} falls through to
 * the static files.
 */
@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class ClientCertificateServerTests {

    static final Identity CA = TestClientCertificates.ca("Test CA One");
    static final Identity OTHER_CA = TestClientCertificates.ca("Test CA Two");
    static final Identity INTERMEDIATE = TestClientCertificates.intermediate("Test Intermediate", CA);
    static final Identity ALICE = TestClientCertificates.issued("alice", CA);
    static final Identity BOB = TestClientCertificates.issued("bob", OTHER_CA);
    static final Identity ERIN = intermediateIssued();
    static final Identity CAROL = TestClientCertificates.selfSigned("carol");
    static final Identity DAVE = TestClientCertificates.selfSigned("dave");
    static final Identity DAVE_RENEWED = TestClientCertificates.renewed(DAVE);
    static final Identity EXPIRED = TestClientCertificates.issued("old", CA, now().minus(Duration.ofDays(60)), now().minus(Duration.ofDays(1)));
    static final Identity NOT_YET_VALID = TestClientCertificates.issued("early", CA, now().plus(Duration.ofDays(1)), now().plus(Duration.ofDays(60)));

    static final Map<String, Identity> IDENTITIES = Map.of("alice", ALICE, "bob", BOB, "erin", ERIN, "carol", CAROL, "dave", DAVE,
            "dave-renewed", DAVE_RENEWED, "expired", EXPIRED, "not-yet-valid", NOT_YET_VALID);

    @TempDir
    static Path base;

    @Autowired
    GeminiServer server;

    private static Identity intermediateIssued() {
        Identity leaf = TestClientCertificates.issued("erin", INTERMEDIATE);
        return leaf.withChain(leaf.certificate(), INTERMEDIATE.certificate());
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.createDirectories(root.resolve("files"));
        Files.writeString(root.resolve("files/secret.txt"), "members' secret\n");
        Path otherCas = Files.createDirectories(base.resolve("other-cas"));
        TestClientCertificates.writePem(otherCas.resolve("two.pem"), OTHER_CA.certificate());
        Path caFile = TestClientCertificates.writePem(base.resolve("ca.pem"), CA.certificate());
        LoopbackServer.register(registry, base);
        registry.add("pollux.tls.client-ca-file", caFile::toString);
        String localhost = "pollux.capsules[0].";
        registry.add(localhost + "hostname", () -> "localhost");
        registry.add(localhost + "root", root::toString);
        rule(registry, localhost, 0, "/any/", "any");
        rule(registry, localhost, 1, "/ca/", "ca");
        rule(registry, localhost, 2, "/keys/", "fingerprints");
        registry.add(localhost + "client-certificates[2].fingerprints[0]", () -> fingerprint(CAROL).toLowerCase());
        registry.add(localhost + "client-certificates[2].fingerprints[1]", () -> ClientCertificate.of(DAVE.certificate(), false).publicKeyFingerprint());
        rule(registry, localhost, 3, "/custom/", "ca");
        registry.add(localhost + "client-certificates[3].meta", () -> "Members only");
        rule(registry, localhost, 4, "/notes/*.gmi", "any");
        rule(registry, localhost, 5, "/files/", "any");
        String other = "pollux.capsules[1].";
        registry.add(other + "hostname", () -> "other.example");
        registry.add(other + "root", root::toString);
        registry.add(other + "client-ca-path", otherCas::toString);
        rule(registry, other, 0, "/ca/", "ca");
    }

    private static void rule(DynamicPropertyRegistry registry, String capsule, int index, String path, String require) {
        registry.add(capsule + "client-certificates[" + index + "].path", () -> path);
        registry.add(capsule + "client-certificates[" + index + "].require", () -> require);
    }

    static Stream<Arguments> requests() {
        List<String[]> table = List.of(
                new String[] {"none", "localhost", "/open/page", "20 text/plain"},
                new String[] {"none", "localhost", "/any/page", "60 Client certificate required"},
                new String[] {"none", "localhost", "/any", "60 Client certificate required"},
                new String[] {"none", "localhost", "//any/page", "60 Client certificate required"},
                new String[] {"none", "localhost", "/open/../any/page", "60 Client certificate required"},
                new String[] {"none", "localhost", "/ca/page", "60 Client certificate required"},
                new String[] {"none", "localhost", "/keys/page", "60 Client certificate required"},
                new String[] {"none", "localhost", "/custom/page", "60 Members only"},
                new String[] {"none", "localhost", "/notes/a.gmi", "60 Client certificate required"},
                new String[] {"none", "localhost", "/notes/a.txt", "20 text/plain"},
                new String[] {"none", "localhost", "/files/secret.txt", "60 Client certificate required"},
                new String[] {"carol", "localhost", "/any/page", "20 text/plain"},
                new String[] {"carol", "localhost", "/ca/page", "61 Certificate not authorised"},
                new String[] {"carol", "localhost", "/custom/page", "61 Members only"},
                new String[] {"carol", "localhost", "/keys/page", "20 text/plain"},
                new String[] {"alice", "localhost", "/ca/page", "20 text/plain"},
                new String[] {"alice", "localhost", "/keys/page", "61 Certificate not authorised"},
                new String[] {"alice", "localhost", "/files/secret.txt", "20 text/plain"},
                new String[] {"erin", "localhost", "/ca/page", "20 text/plain"},
                new String[] {"bob", "localhost", "/ca/page", "61 Certificate not authorised"},
                new String[] {"dave", "localhost", "/keys/page", "20 text/plain"},
                new String[] {"dave-renewed", "localhost", "/keys/page", "20 text/plain"},
                new String[] {"expired", "localhost", "/open/page", "20 text/plain"},
                new String[] {"expired", "localhost", "/any/page", "62 Certificate not valid"},
                new String[] {"expired", "localhost", "/ca/page", "62 Certificate not valid"},
                new String[] {"expired", "localhost", "/custom/page", "62 Members only"},
                new String[] {"not-yet-valid", "localhost", "/open/page", "20 text/plain"},
                new String[] {"not-yet-valid", "localhost", "/any/page", "62 Certificate not valid"},
                new String[] {"alice", "other.example", "/ca/page", "61 Certificate not authorised"},
                new String[] {"bob", "other.example", "/ca/page", "20 text/plain"},
                new String[] {"none", "other.example", "/ca/page", "60 Client certificate required"},
                new String[] {"none", "other.example", "/any/page", "20 text/plain"});
        return Stream.of("TLSv1.2", "TLSv1.3").flatMap(protocol -> table.stream()
                .map(row -> Arguments.of(protocol, row[0], row[1], row[2], row[3])));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} gemini://{2}{3} -> {4}")
    @MethodSource("requests")
    void answersEachRuleWithItsStatus(String protocol, String identity, String host, String path, String header) throws Exception {
        assertThat(get(protocol, IDENTITIES.get(identity), host, path).header()).isEqualTo(header + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void reportsEveryFieldOfTheCertificate(String protocol) throws Exception {
        var certificate = ALICE.certificate();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        byte[] keyDigest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
        assertThat(inspect(protocol, ALICE, "localhost")).isEqualTo("""
                cn=alice
                subject=CN=alice,O=Pollux Tests
                issuer=CN=Test CA One,O=Pollux Tests
                fingerprint=SHA256:%s
                fingerprintBase64=SHA256:%s
                publicKeyFingerprint=SHA256:%s
                serial=%s
                notBefore=%s
                notAfter=%s
                authorised=true
                """.formatted(HexFormat.of().withUpperCase().formatHex(digest), Base64.getUrlEncoder().encodeToString(digest),
                HexFormat.of().withUpperCase().formatHex(keyDigest), certificate.getSerialNumber(),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void authorisesOnlyCertificatesIssuedByTheCapsulesCa(String protocol) throws Exception {
        assertThat(inspect(protocol, ALICE, "localhost")).contains("authorised=true");
        assertThat(inspect(protocol, ERIN, "localhost")).contains("cn=erin", "authorised=true");
        assertThat(inspect(protocol, EXPIRED, "localhost")).contains("cn=old", "authorised=true");
        assertThat(inspect(protocol, CAROL, "localhost")).contains("cn=carol", "issuer=CN=carol,O=Pollux Tests", "authorised=false");
        assertThat(inspect(protocol, BOB, "localhost")).contains("authorised=false");
        assertThat(inspect(protocol, ALICE, "other.example")).contains("authorised=false");
        assertThat(inspect(protocol, BOB, "other.example")).contains("cn=bob", "authorised=true");
        assertThat(inspect(protocol, null, "localhost")).isEqualTo("none\n");
    }

    @Test
    void aRenewedCertificateKeepsItsPublicKeyFingerprint() throws Exception {
        String original = inspect("TLSv1.3", DAVE, "localhost");
        String renewed = inspect("TLSv1.3", DAVE_RENEWED, "localhost");
        assertThat(field(renewed, "fingerprint")).isNotEqualTo(field(original, "fingerprint"));
        assertThat(field(renewed, "serial")).isNotEqualTo(field(original, "serial"));
        assertThat(field(renewed, "publicKeyFingerprint")).isEqualTo(field(original, "publicKeyFingerprint"));
    }

    @Test
    void servesTheProtectedFileOnlyWithACertificate() throws Exception {
        assertThat(get("TLSv1.3", ALICE, "localhost", "/files/secret.txt").bodyText()).isEqualTo("members' secret\n");
        assertThat(get("TLSv1.3", null, "localhost", "/files/secret.txt").body()).isEmpty();
    }

    @Test
    void logsTheCertificateFingerprintButNotTheCertificate(CapturedOutput output) throws Exception {
        get("TLSv1.3", CAROL, "localhost", "/open/logged-with-certificate");
        get("TLSv1.3", null, "localhost", "/open/logged-without-certificate");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
                .containsPattern("\"gemini://localhost:\\d+/open/logged-with-certificate\" 20 \"text/plain\" \\d+ \\d+ms "
                        + fingerprint(CAROL) + " application-route\\R")
                .containsPattern("\"gemini://localhost:\\d+/open/logged-without-certificate\" 20 \"text/plain\" \\d+ \\d+ms - application-route\\R"));
        assertThat(output.getOut()).doesNotContain("BEGIN CERTIFICATE");
    }

    private GeminiResponseBytes get(String protocol, Identity identity, String host, String path) throws Exception {
        int port = server.port();
        GeminiTestClient client = new GeminiTestClient(port).protocol(protocol);
        if (identity != null) {
            client.clientCertificate(identity.key(), identity.chain());
        }
        return client.get("gemini://" + host + ":" + port + path);
    }

    private String inspect(String protocol, Identity identity, String host) throws Exception {
        GeminiResponseBytes response = get(protocol, identity, host, "/inspect");
        assertThat(response.header()).isEqualTo("20 text/plain\r\n");
        return response.bodyText();
    }

    private static String field(String inspected, String name) {
        return inspected.lines().filter(line -> line.startsWith(name + "=")).findFirst().orElseThrow();
    }

    private static String fingerprint(Identity identity) {
        return ClientCertificate.fingerprintOf(identity.certificate());
    }

    /** Stands in for an application route: shows what handlers see, and that the rules ran before it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class InspectingHandler {

        @Bean
        GeminiHandler inspectingHandler() {
            return TestHandlers.at(Stage.APPLICATION_ROUTES, InspectingHandler::inspect);
        }

        private static Mono<GeminiResponse> inspect(GeminiExchange exchange, HandlerChain chain) {
            String path = exchange.request().path().value();
            if (path.startsWith("/files/")) {
                return chain.next(exchange);
            }
            String body = path.equals("/inspect")
                    ? exchange.certificate().map(InspectingHandler::describe).orElse("none\n")
                    : "reached " + path + "\n";
            return Mono.just(GeminiResponse.success("text/plain", Flux.just(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))));
        }

        private static String describe(ClientCertificate c) {
            return "cn=" + c.commonName() + "\nsubject=" + c.subject() + "\nissuer=" + c.issuer()
                    + "\nfingerprint=" + c.fingerprint() + "\nfingerprintBase64=" + c.fingerprintBase64()
                    + "\npublicKeyFingerprint=" + c.publicKeyFingerprint() + "\nserial=" + c.serialNumber()
                    + "\nnotBefore=" + c.notBefore() + "\nnotAfter=" + c.notAfter() + "\nauthorised=" + c.authorised() + "\n";
        }
    }
}
