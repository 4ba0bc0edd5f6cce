package dev.pollux.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.pollux.tls.SelfSignedCertificateGenerator;
import dev.pollux.tls.ServerCertificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Server certificates made at test time and written as PEM files. */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** A self-signed certificate for {@code hostname}, saved as {@code directory/name.crt} and {@code .key}. */
    public static ServerCertificate writeSelfSigned(Path directory, String name, String hostname) {
        ServerCertificate certificate = new SelfSignedCertificateGenerator(java.time.Clock.systemUTC()).generate(hostname);
        try {
            Files.createDirectories(directory);
            try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(directory.resolve(name + ".crt")))) {
                writer.writeObject(certificate.leaf());
            }
            try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(directory.resolve(name + ".key")))) {
                // PKCS#8: BC's default SEC1 output for a SunEC key lacks the curve, and nothing can read it back
                writer.writeObject(new JcaPKCS8Generator(certificate.privateKey(), null).generate());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return certificate;
    }
}
