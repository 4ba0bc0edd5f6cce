package dev.pollux.tls;

import dev.pollux.capsule.PolicyKey;

/**
 * Where a capsule's certificate comes from: the certificate loaded (or generated) at startup, and the
 * PEM files hot reload watches for renewals, when it came from such files.
 *
 * @param reloadFrom the PEM files to watch, or null for a bundle or a generated certificate
 */
public record CertificateSource(ServerCertificate loaded, CertificateReloader.PemSource reloadFrom) {

    public static final PolicyKey<CertificateSource> POLICY = PolicyKey.of("certificate", CertificateSource.class);
}
