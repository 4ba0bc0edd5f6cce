package dev.pollux.clientcert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.pollux.config.InvalidConfigurationException;

/**
 * The CA certificates a capsule trusts for client certificates, and the check that a client's chain leads to one.
 * <p>
 * The check is the JDK's PKIX path building ({@link CertPathBuilder}) with revocation checking off: signatures,
 * issuer/subject chaining, basic constraints and key usage of every certificate on the path, with any
 * intermediates the client sent. Validity dates are checked at one instant: now, clamped into the client
 * certificate's own validity period. So an expired or not-yet-valid client certificate from a trusted CA still
 * counts as CA-issued (the {@code 62} rule deals with its dates), while an intermediate that was not valid at that
 * instant breaks the chain. As in PKIX, the configured CA certificates themselves are trust anchors whose dates are
 * not checked: remove a CA from the file to stop trusting it.
 */
public final class ClientCaTrust {

    /** Trusts nothing: no CA configured. */
    public static final ClientCaTrust NONE = new ClientCaTrust(Set.of());

    private final Set<TrustAnchor> anchors;

    private ClientCaTrust(Set<TrustAnchor> anchors) {
        this.anchors = Set.copyOf(anchors);
    }

    public static ClientCaTrust of(List<X509Certificate> caCertificates) {
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        caCertificates.forEach(ca -> anchors.add(new TrustAnchor(ca, null)));
        return new ClientCaTrust(anchors);
    }

    /**
     * Reads CA certificates from a file (PEM with one or more certificates, or DER) and from every regular,
     * non-hidden file of a directory. Either may be null; a file that is missing or holds no certificate
     * fails startup, naming its property.
     */
    public static ClientCaTrust load(String fileProperty, Path file, String pathProperty, Path directory) {
        if (file == null && directory == null) {
            return NONE;
        }
        List<X509Certificate> certificates = new ArrayList<>();
        if (file != null) {
            certificates.addAll(read(fileProperty, file));
        }
        if (directory != null) {
            if (!Files.isDirectory(directory)) {
                throw new InvalidConfigurationException(pathProperty, directory + " does not exist or is not a directory");
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path each : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                    certificates.addAll(read(pathProperty, each));
                }
            } catch (IOException e) {
                throw new InvalidConfigurationException(pathProperty, directory + " cannot be read: " + e.getMessage());
            }
            if (certificates.isEmpty()) {
                throw new InvalidConfigurationException(pathProperty, directory + " holds no CA certificate");
            }
        }
        return of(certificates);
    }

    public boolean isEmpty() {
        return anchors.isEmpty();
    }

    /** True when {@code chain} (leaf first, as the client sent it) leads to one of the trusted CAs. */
    public boolean trusts(List<X509Certificate> chain, Instant now) {
        if (anchors.isEmpty() || chain.isEmpty()) {
            return false;
        }
        X509Certificate leaf = chain.get(0);
        Instant at = clamp(now, leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return true;
        } catch (CertPathBuilderException | InvalidAlgorithmParameterException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX is not available", e);
        }
    }

    private static Instant clamp(Instant now, Instant notBefore, Instant notAfter) {
        return now.isBefore(notBefore) ? notBefore : now.isAfter(notAfter) ? notAfter : now;
    }

    private static List<X509Certificate> read(String property, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigurationException(property, file + " does not exist or is not a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new InvalidConfigurationException(property, file + " holds no certificate");
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new InvalidConfigurationException(property, file + " is not a PEM or DER certificate file: " + e.getMessage());
        }
    }
}
