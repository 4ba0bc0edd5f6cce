package dev.pollux.clientcert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made at test time with Bouncy Castle: CAs, CA-issued and self-signed client certificates, bad dates, renewals. */
public final class TestClientCertificates {

    private static final AtomicLong SERIALS = new AtomicLong(1000);

    /** A key and its certificate chain, leaf first. */
    public record Identity(KeyPair keys, X509Certificate... chain) {

        public PrivateKey key() {
            return keys.getPrivate();
        }

        public X509Certificate certificate() {
            return chain[0];
        }

        Identity withChain(X509Certificate... certificates) {
            return new Identity(keys, certificates);
        }
    }

    private TestClientCertificates() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Identity ca(String name) {
        KeyPair keys = newKeys();
        X500Principal subject = new X500Principal("CN=" + name + ",O=Pollux Tests");
        return new Identity(keys,
                build(subject, keys, subject, keys.getPrivate(), now().minus(Duration.ofDays(30)), now().plus(Duration.ofDays(3650)), true));
    }

    /** A leaf certificate for {@code cn} signed by {@code issuer}, valid from {@code notBefore} to {@code notAfter}. */
    public static Identity issued(String cn, Identity issuer, Instant notBefore, Instant notAfter) {
        KeyPair keys = newKeys();
        return new Identity(keys, build(subject(cn), keys, issuer.certificate().getSubjectX500Principal(),
                issuer.key(), notBefore, notAfter, false));
    }

    public static Identity issued(String cn, Identity issuer) {
        return issued(cn, issuer, now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(365)));
    }

    /** An intermediate CA signed by {@code issuer}. */
    public static Identity intermediate(String name, Identity issuer) {
        KeyPair keys = newKeys();
        return new Identity(keys, build(new X500Principal("CN=" + name + ",O=Pollux Tests"), keys,
                issuer.certificate().getSubjectX500Principal(), issuer.key(),
                now().minus(Duration.ofDays(30)), now().plus(Duration.ofDays(3650)), true));
    }

    static Identity selfSigned(String cn, Instant notBefore, Instant notAfter) {
        return selfSigned(cn, newKeys(), notBefore, notAfter);
    }

    static Identity selfSigned(String cn) {
        return selfSigned(cn, now().minus(Duration.ofDays(1)), now().plus(Duration.ofDays(365)));
    }

    /** A new certificate for the same key pair: new serial, new dates, so a new certificate fingerprint but the same public-key one. */
    static Identity renewed(Identity identity) {
        return selfSigned(identity.certificate().getSubjectX500Principal(), identity.keys(),
                now().minus(Duration.ofHours(1)), now().plus(Duration.ofDays(730)));
    }

    public static Path writePem(Path file, Object... objects) {
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static X500Principal subject(String cn) {
        return new X500Principal("CN=" + cn + ",O=Pollux Tests");
    }

    private static Identity selfSigned(String cn, KeyPair keys, Instant notBefore, Instant notAfter) {
        return selfSigned(subject(cn), keys, notBefore, notAfter);
    }

    private static Identity selfSigned(X500Principal subject, KeyPair keys, Instant notBefore, Instant notAfter) {
        return new Identity(keys, build(subject, keys, subject, keys.getPrivate(), notBefore, notAfter, false));
    }

    private static X509Certificate build(X500Principal subject, KeyPair keys, X500Principal issuer, PrivateKey signer,
                                         Instant notBefore, Instant notAfter, boolean ca) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }
}
