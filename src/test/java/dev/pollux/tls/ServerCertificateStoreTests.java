package dev.pollux.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerCertificateStoreTests {

    @TempDir
    Path directory;


    @Test
    void generatesALongLivedEcdsaP256CertificateNamingTheHost() throws Exception {
        ServerCertificate generated = new ServerCertificateStore(directory, new SelfSignedCertificateGenerator(Clock.systemUTC())).generatedFor("example.org", List.of("xn--bcher-kva.example"));
        X509Certificate leaf = generated.leaf();
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=example.org");
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "example.org"), List.of(2, "xn--bcher-kva.example"));
        assertThat(leaf.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) leaf.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(leaf.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(365L * 40)));
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        leaf.verify(leaf.getPublicKey());
        assertThat(generated.keyMatchesCertificate()).isTrue();
    }

    @Test
    void savesTheGeneratedCertificateWithAnOwnerOnlyKeyAndReusesIt() throws Exception {
        ServerCertificateStore first = new ServerCertificateStore(directory.resolve("certs"), new SelfSignedCertificateGenerator(Clock.systemUTC()));
        String fingerprint = first.generatedFor("example.org", List.of()).fingerprint();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("certs/example.org.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(directory.resolve("certs/example.org.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
        ServerCertificateStore afterRestart = new ServerCertificateStore(directory.resolve("certs"), new SelfSignedCertificateGenerator(Clock.systemUTC()));
        assertThat(afterRestart.generatedFor("example.org", List.of()).fingerprint()).isEqualTo(fingerprint);
    }

    @Test
    void refusesAKeyThatDoesNotMatchItsCertificate() throws Exception {
        ServerCertificateStore certificates = new ServerCertificateStore(directory, new SelfSignedCertificateGenerator(Clock.systemUTC()));
        certificates.generatedFor("one.example", List.of());
        certificates.generatedFor("two.example", List.of());
        assertThat(ServerCertificateStore.readPem(directory.resolve("one.example.crt"), directory.resolve("one.example.key")).leaf()).isNotNull();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerCertificateStore.readPem(directory.resolve("one.example.crt"), directory.resolve("two.example.key")))
                .withMessageContaining("does not match");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ServerCertificateStore.readPem(directory.resolve("missing.crt"), directory.resolve("two.example.key")))
                .withMessageContaining("missing.crt");
    }

    @Test
    void issuesTheCertificateAgainWithTheSameKeyWhenTheCapsuleGainsAnAlias() throws Exception {
        ServerCertificateStore before = new ServerCertificateStore(directory, new SelfSignedCertificateGenerator(Clock.systemUTC()));
        ServerCertificate original = before.generatedFor("example.org", List.of());
        String savedKey = Files.readString(directory.resolve("example.org.key"));

        ServerCertificateStore afterRestart = new ServerCertificateStore(directory, new SelfSignedCertificateGenerator(Clock.systemUTC()));
        ServerCertificate reissued = afterRestart.generatedFor("example.org", List.of("www.example.org"));

        assertThat(reissued.leaf().getSubjectAlternativeNames()).containsExactly(List.of(2, "example.org"), List.of(2, "www.example.org"));
        assertThat(reissued.leaf().getPublicKey()).isEqualTo(original.leaf().getPublicKey());
        assertThat(reissued.fingerprint()).isNotEqualTo(original.fingerprint());
        assertThat(Files.readString(directory.resolve("example.org.key"))).isEqualTo(savedKey);
        assertThat(ServerCertificateStore.readPem(directory.resolve("example.org.crt"), directory.resolve("example.org.key")).fingerprint())
                .as("saved for the next start").isEqualTo(reissued.fingerprint());
    }

    @Test
    void keepsACertificateWhoseNamesAreSpelledDifferentlyButAreTheSame() {
        ServerCertificateStore first = new ServerCertificateStore(directory, new SelfSignedCertificateGenerator(Clock.systemUTC()));
        String fingerprint = first.generatedFor("127.0.0.1", List.of("[::1]", "Example.org")).fingerprint();
        ServerCertificateStore afterRestart = new ServerCertificateStore(directory, new SelfSignedCertificateGenerator(Clock.systemUTC()));
        assertThat(afterRestart.generatedFor("127.0.0.1", List.of("[::1]", "example.org")).fingerprint()).isEqualTo(fingerprint);
    }
}
