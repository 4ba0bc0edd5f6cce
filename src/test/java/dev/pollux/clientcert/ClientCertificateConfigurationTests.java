package dev.pollux.clientcert;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.pollux.clientcert.TestClientCertificates.Identity;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Client-certificate settings bound for real: good ones start a server that applies them, bad ones fail startup naming the property. */
class ClientCertificateConfigurationTests {

    private static final String RULE = "pollux.capsules[0].client-certificates[0].";
    private static final String FINGERPRINT = "SHA256:" + "AB".repeat(32);

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() {
        return PolluxContextRunner.runner(directory);
    }

    @Test
    void protectsAPathWithTheServersCaAndTheOperatorsMeta() throws Exception {
        Identity ca = TestClientCertificates.ca("Config CA");
        Identity member = TestClientCertificates.issued("member", ca);
        Path caFile = TestClientCertificates.writePem(directory.resolve("ca.pem"), ca.certificate());
        runner().withPropertyValues("pollux.tls.client-ca-file=" + caFile, "pollux.capsules[0].hostname=localhost",
                RULE + "path=/", RULE + "require=ca", RULE + "meta=Members of Config CA only").run(context -> {
            int port = context.getBean(GeminiServer.class).port();
            String url = "gemini://localhost:" + port + "/";
            assertThat(new GeminiTestClient(port).get(url).header()).isEqualTo("60 Members of Config CA only\r\n");
            assertThat(new GeminiTestClient(port).clientCertificate(member.key(), member.chain()).get(url).header())
                    .isEqualTo("20 text/gemini\r\n");
        });
    }

    @Test
    void aCapsulesOwnCaReplacesTheServersOne() throws Exception {
        Identity serverCa = TestClientCertificates.ca("Server CA");
        Identity capsuleCa = TestClientCertificates.ca("Capsule CA");
        Path caPath = Files.createDirectories(directory.resolve("capsule-cas"));
        TestClientCertificates.writePem(caPath.resolve("capsule.pem"), capsuleCa.certificate());
        runner().withPropertyValues("pollux.tls.client-ca-file=" + TestClientCertificates.writePem(directory.resolve("server.pem"), serverCa.certificate()),
                "pollux.capsules[0].client-ca-path=" + caPath).run(context -> {
            ClientCertificateInspector inspector = context.getBean(ClientCertificateInspector.class);
            var capsule = context.getBean(dev.pollux.capsule.CapsuleRegistry.class).defaultCapsule();
            assertThat(inspector.inspect(capsule, java.util.List.of(TestClientCertificates.issued("a", capsuleCa).certificate())).authorised()).isTrue();
            assertThat(inspector.inspect(capsule, java.util.List.of(TestClientCertificates.issued("b", serverCa).certificate())).authorised()).isFalse();
        });
    }

    @Test
    void failsStartupOnAnUnknownRequirement() {
        assertStartupFails(RULE + "require", RULE + "path=/", RULE + "require=everyone");
    }

    @Test
    void failsStartupOnAFingerprintInAnotherForm() {
        // bean validation names the field in its Java spelling
        assertStartupFails("capsules[0].clientCertificates[0].fingerprints[0]", RULE + "path=/", RULE + "require=fingerprints",
                RULE + "fingerprints[0]=AB:CD:EF");
    }

    @Test
    void failsStartupOnFingerprintsWithoutAnyListed() {
        assertStartupFails(RULE + "fingerprints", RULE + "path=/", RULE + "require=fingerprints");
    }

    @Test
    void failsStartupOnFingerprintsThatARuleWouldIgnore() {
        assertStartupFails(RULE + "fingerprints", RULE + "path=/", RULE + "require=any", RULE + "fingerprints[0]=" + FINGERPRINT);
    }

    @Test
    void failsStartupOnARuleWithoutPathOrRequirement() {
        assertStartupFails("capsules[0].clientCertificates[0].path", RULE + "require=any");
        assertStartupFails("capsules[0].clientCertificates[0].require", RULE + "path=/members/");
        assertStartupFails("must start with '/'", RULE + "path=members/", RULE + "require=any");
    }

    @Test
    void failsStartupOnRequiringACaWhenNoneIsConfigured() {
        assertStartupFails(RULE + "require", RULE + "path=/", RULE + "require=ca");
    }

    @Test
    void failsStartupOnAMetaThatCannotBeSent() {
        assertStartupFails(RULE + "meta", RULE + "path=/", RULE + "require=any", RULE + "meta=" + "x".repeat(1025));
    }

    @Test
    void failsStartupNamingAMissingCaFileOrDirectory() {
        assertStartupFails("pollux.tls.client-ca-file", "pollux.tls.client-ca-file=" + directory.resolve("missing.pem"));
        assertStartupFails("pollux.tls.client-ca-path", "pollux.tls.client-ca-path=" + directory.resolve("missing"));
        assertStartupFails("pollux.capsules[0].client-ca-file", "pollux.capsules[0].client-ca-file=" + directory.resolve("missing.pem"));
    }

    @Test
    void failsStartupOnACaFileWithoutCertificates() throws Exception {
        Path notACertificate = Files.writeString(directory.resolve("ca.pem"), "not a certificate\n");
        assertStartupFails("pollux.tls.client-ca-file", "pollux.tls.client-ca-file=" + notACertificate);
        Path emptyDirectory = Files.createDirectories(directory.resolve("empty"));
        assertStartupFails("pollux.tls.client-ca-path", "pollux.tls.client-ca-path=" + emptyDirectory);
    }

    private void assertStartupFails(String expectedText, String... properties) {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {expectedText}, properties);
    }
}
