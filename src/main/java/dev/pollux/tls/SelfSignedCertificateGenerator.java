package dev.pollux.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

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

    /** A certificate with a new key, whose CN is the first name and whose subjectAltName lists them all. */
    public ServerCertificate generate(List<String> hostnames) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generate(hostnames, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate a key for " + hostnames.get(0), e);
        }
    }

    /**
     * A certificate for these names with an existing key: clients that pinned the public key (rather than the
     * whole certificate) keep trusting the capsule when its names change.
     */
    public ServerCertificate reissue(List<String> hostnames, ServerCertificate previous) {
        return generate(hostnames, new KeyPair(previous.leaf().getPublicKey(), previous.privateKey()));
    }

    /** The names a certificate's subjectAltName lists, in the form {@link #namesFor} gives requested names. */
    public static Set<String> namesOf(X509Certificate certificate) {
        Set<String> names = new TreeSet<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                alternatives.forEach(name -> names.add(normalise(String.valueOf(name.get(1)))));
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension lists no names: the certificate is issued again
        }
        return names;
    }

    /** Host names as a generated certificate lists them: lower case, IP addresses in one canonical spelling. */
    public static Set<String> namesFor(List<String> hostnames) {
        Set<String> names = new TreeSet<>();
        hostnames.forEach(name -> names.add(normalise(name)));
        return names;
    }

    private static String normalise(String name) {
        if (looksLikeIpAddress(name)) {
            try {
                return InetAddress.getByName(name.replace("[", "").replace("]", "")).getHostAddress();
            } catch (IOException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private ServerCertificate generate(List<String> hostnames, KeyPair keys) {
        String hostname = hostnames.get(0);
        try {
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
