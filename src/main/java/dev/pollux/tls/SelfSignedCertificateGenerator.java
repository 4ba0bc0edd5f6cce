package dev.pollux.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the self-signed ECDSA P-256 certificate a capsule uses when none is configured.
 * ECDSA because its handshakes cost about half those of RSA-2048; long-lived because
 * TOFU clients pin it, and a renewal would look like an attack to them.
 */
public final class SelfSignedCertificateGenerator {

    static final Duration VALIDITY = Duration.ofDays(365L * 50);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SelfSignedCertificateGenerator(Clock clock) {
        this.clock = clock;
    }

    public ServerCertificate generate(String hostname) {
        return generate(List.of(hostname));
    }

    /** A certificate whose CN is the first name and whose subjectAltName lists them all. */
    public ServerCertificate generate(List<String> hostnames) {
        String hostname = hostnames.get(0);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostname).build();
            Instant now = clock.instant();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    new BigInteger(127, random),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)),
                    subject,
                    keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAlternativeNames(hostnames)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new ServerCertificate(keys.getPrivate(), List.of(new JcaX509CertificateConverter().getCertificate(holder)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Could not generate a certificate for " + hostname, e);
        }
    }

    private static GeneralName[] subjectAlternativeNames(List<String> hostnames) throws IOException {
        GeneralName[] names = new GeneralName[hostnames.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = subjectAlternativeName(hostnames.get(i));
        }
        return names;
    }

    private static GeneralName subjectAlternativeName(String hostname) throws IOException {
        if (looksLikeIpAddress(hostname)) {
            return new GeneralName(GeneralName.iPAddress, InetAddress.getByName(hostname.replace("[", "").replace("]", "")).getHostAddress());
        }
        return new GeneralName(GeneralName.dNSName, hostname);
    }

    private static boolean looksLikeIpAddress(String hostname) {
        return hostname.startsWith("[") || hostname.contains(":") || hostname.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
