package dev.pollux.config;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.PolluxContextRunner;
import dev.pollux.tls.SelfSignedCertificateGenerator;
import dev.pollux.tls.ServerCertificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Startup with real configuration binding: defaults, configured certificates, and bad settings that must fail naming the property. */
class ConfigurationTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() {
        return PolluxContextRunner.runner(directory);
    }

    @Test
    void servesTheBuiltInWelcomeCapsuleWhenNoCapsuleIsConfigured() {
        runner().run(context -> {
            int port = context.getBean(GeminiServer.class).port();
            GeminiResponseBytes response = new GeminiTestClient(port).get("gemini://localhost:" + port + "/");
            assertThat(response.header()).isEqualTo("20 text/gemini\r\n");
            assertThat(response.bodyText()).startsWith("# Welcome to Pollux");
        });
    }

    @Test
    void servesAConfiguredPemCertificate() throws Exception {
        ServerCertificate certificate = new SelfSignedCertificateGenerator(java.time.Clock.systemUTC()).generate("localhost");
        Path crt = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");
        writePem(crt, certificate.leaf());
        writePem(key, certificate.privateKey());
        runner().withPropertyValues("pollux.tls.certificate=" + crt, "pollux.tls.private-key=" + key).run(context -> {
            int port = context.getBean(GeminiServer.class).port();
            assertThat(new GeminiTestClient(port).get("gemini://localhost:" + port + "/").serverFingerprint())
                    .isEqualTo(certificate.fingerprint());
            assertThat(Files.exists(directory.resolve("certs"))).isFalse();
        });
    }

    @Test
    void failsStartupNamingAMissingRoot() {
        assertStartupFails("pollux.capsules[0].root", "pollux.capsules[0].root=" + directory.resolve("missing"));
    }

    @Test
    void failsStartupNamingADuplicateHostName() throws Exception {
        assertStartupFails("already served", "pollux.capsules[0].hostname=example.org", "pollux.capsules[1].hostname=Example.org.");
    }

    @Test
    void failsStartupNamingABadHostName() {
        assertStartupFails("pollux.capsules[0].hostname", "pollux.capsules[0].hostname=not a host");
    }

    @Test
    void failsStartupOnAPortOutOfRange() {
        assertStartupFails("pollux.server.port", "pollux.server.port=70000");
    }

    @Test
    void failsStartupOnALangThatCouldBreakTheHeader() {
        assertStartupFails("pollux.capsules[0].lang", "pollux.capsules[0].lang=en; x=y");
    }

    @Test
    void failsStartupOnACertificateWithoutItsKey() {
        assertStartupFails("pollux.tls.private-key: must be set together with pollux.tls.certificate", "pollux.tls.certificate=/etc/hostname");
    }

    @Test
    void failsStartupOnAnUnreadableCertificate() {
        assertStartupFails("pollux.tls.certificate", "pollux.tls.certificate=" + directory.resolve("none.crt"),
                "pollux.tls.private-key=" + directory.resolve("none.key"));
    }

    @Test
    void failsStartupNamingThePortWhenItIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertStartupFails("pollux.server.port", "pollux.server.port=" + taken.getLocalPort());
        }
    }

    @Test
    void failsStartupOnARootThatIsAFile() throws Exception {
        Path file = Files.writeString(directory.resolve("file.gmi"), "#");
        assertStartupFails("pollux.capsules[0].root: " + file + " does not exist or is not a directory", "pollux.capsules[0].root=" + file);
    }

    @Test
    void failsStartupOnTwoDefaultCapsules() {
        assertStartupFails("pollux.capsules[1].default: only one capsule can be the default",
                "pollux.capsules[0].hostname=a.example", "pollux.capsules[0].default=true",
                "pollux.capsules[1].hostname=b.example", "pollux.capsules[1].default=true");
    }

    @Test
    void failsStartupOnAnInvalidRulePattern() {
        assertStartupFails("pollux.capsules[0].rules[0].path: '/(unclosed' is not a valid regular expression",
                "pollux.capsules[0].rules[0].path=/(unclosed", "pollux.capsules[0].rules[0].gone=true");
    }

    @Test
    void failsStartupOnARuleWithTwoActionsOrAMissingGroup() {
        assertStartupFails("pollux.capsules[0].rules[0]: a rule needs exactly one of",
                "pollux.capsules[0].rules[0].path=/x", "pollux.capsules[0].rules[0].gone=true", "pollux.capsules[0].rules[0].hidden=true");
        assertStartupFails("pollux.capsules[0].rules[0].redirect: refers to group $2",
                "pollux.capsules[0].rules[0].path=/x/(.*)", "pollux.capsules[0].rules[0].redirect=/y/$2");
    }

    @Test
    void failsStartupOnMisplacedTemplates() {
        assertStartupFails("pollux.capsules[0].root: '" + directory + "/{subdomain}x' must contain {subdomain} once",
                "pollux.capsules[0].hostname=*.example.org", "pollux.capsules[0].root=" + directory + "/{subdomain}x");
        assertStartupFails("pollux.capsules[0].root: placeholders such as {subdomain} need a wildcard hostname",
                "pollux.capsules[0].root=" + directory + "/{subdomain}");
        assertStartupFails("pollux.capsules[0].user-directories",
                "pollux.capsules[0].user-directories=" + directory + "/public_gemini");
        assertStartupFails("pollux.capsules[0].hostname: 'a.*.example.org' is not a valid host name",
                "pollux.capsules[0].hostname=a.*.example.org");
    }

    @Test
    void failsStartupOnACapsuleCertificateThatDoesNotMatchItsKey() {
        dev.pollux.support.TestCertificates.writeSelfSigned(directory, "one", "one.example");
        dev.pollux.support.TestCertificates.writeSelfSigned(directory, "two", "two.example");
        assertStartupFails("pollux.capsules[0].tls.certificate: the private key",
                "pollux.capsules[0].tls.certificate=" + directory.resolve("one.crt"),
                "pollux.capsules[0].tls.private-key=" + directory.resolve("two.key"));
        assertStartupFails("pollux.capsules[0].tls.certificate: certificate and private-key must be set together",
                "pollux.capsules[0].tls.certificate=" + directory.resolve("one.crt"));
        assertStartupFails("pollux.capsules[0].tls.bundle: no Spring SSL bundles are configured",
                "pollux.capsules[0].tls.bundle=missing");
    }

    private void assertStartupFails(String expectedText, String... properties) {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {expectedText}, properties);
    }

    private static void writePem(Path file, Object object) throws Exception {
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            // PKCS#8: BC's default SEC1 output for a SunEC key lacks the curve, and nothing can read it back
            writer.writeObject(object instanceof PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate() : object);
        }
    }
}
