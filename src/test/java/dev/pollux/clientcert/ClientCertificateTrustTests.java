package dev.pollux.clientcert;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.pollux.clientcert.TestClientCertificates.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.pollux.clientcert.TestClientCertificates.now;
import static org.assertj.core.api.Assertions.assertThat;

/** CA loading and chain checks without a server, and the path normalisation rules match against. */
class ClientCertificateTrustTests {

    @TempDir
    Path directory;

    @Test
    void readsPemWithSurroundingTextSeveralCertificatesAndDerFiles() throws Exception {
        Identity first = TestClientCertificates.ca("First");
        Identity second = TestClientCertificates.ca("Second");
        Identity third = TestClientCertificates.ca("Third");
        Path bundle = directory.resolve("bundle.pem");
        TestClientCertificates.writePem(bundle, first.certificate(), second.certificate());
        Files.writeString(bundle, "subject=CN=First\n" + Files.readString(bundle));
        Path cas = Files.createDirectories(directory.resolve("cas"));
        Files.write(cas.resolve("third.der"), third.certificate().getEncoded());
        Files.writeString(cas.resolve(".hidden"), "ignored");
        ClientCaTrust trust = ClientCaTrust.load("file", bundle, "path", cas);
        for (Identity ca : List.of(first, second, third)) {
            Identity leaf = TestClientCertificates.issued("leaf", ca);
            assertThat(trust.trusts(List.of(leaf.certificate()), now())).isTrue();
        }
        assertThat(trust.trusts(List.of(TestClientCertificates.selfSigned("stranger").certificate()), now())).isFalse();
    }

    @Test
    void ignoresTheClientCertificatesOwnDatesButNotThoseOfAnIntermediate() {
        Identity ca = TestClientCertificates.ca("Dates");
        ClientCaTrust trust = ClientCaTrust.of(List.of(ca.certificate()));
        Identity expired = TestClientCertificates.issued("old", ca, now().minus(Duration.ofDays(9)), now().minus(Duration.ofDays(2)));
        Identity early = TestClientCertificates.issued("early", ca, now().plus(Duration.ofDays(2)), now().plus(Duration.ofDays(9)));
        assertThat(trust.trusts(List.of(expired.certificate()), now())).isTrue();
        assertThat(trust.trusts(List.of(early.certificate()), now())).isTrue();
        Identity intermediate = TestClientCertificates.intermediate("Intermediate", ca);
        Identity current = TestClientCertificates.issued("current", intermediate);
        Identity beforeTheIntermediate = TestClientCertificates.issued("ancient", intermediate,
                now().minus(Duration.ofDays(400)), now().minus(Duration.ofDays(300)));
        assertThat(trust.trusts(List.of(current.certificate(), intermediate.certificate()), now())).isTrue();
        assertThat(trust.trusts(List.of(beforeTheIntermediate.certificate(), intermediate.certificate()), now())).isFalse();
    }

    @Test
    void refusesACertificateSignedByAnotherKeyUnderTheSameIssuerName() {
        Identity ca = TestClientCertificates.ca("Same Name");
        Identity impostor = TestClientCertificates.ca("Same Name");
        ClientCaTrust trust = ClientCaTrust.of(List.of(ca.certificate()));
        assertThat(trust.trusts(List.of(TestClientCertificates.issued("mallory", impostor).certificate()), now())).isFalse();
    }

    @Test
    void aLeafCannotActAsAnIntermediate() {
        Identity ca = TestClientCertificates.ca("Root");
        Identity leaf = TestClientCertificates.issued("not-a-ca", ca);
        Identity signedByLeaf = TestClientCertificates.issued("child", leaf);
        ClientCaTrust trust = ClientCaTrust.of(List.of(ca.certificate()));
        assertThat(trust.trusts(List.of(signedByLeaf.certificate(), leaf.certificate()), now())).isFalse();
    }
}
