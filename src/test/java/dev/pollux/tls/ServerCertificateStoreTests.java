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
}
