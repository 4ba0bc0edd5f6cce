package dev.pollux.proxy;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import dev.pollux.tls.ClientCertificate;

/**
 * Trusts a backend whose certificate, or its public key, has one of the pinned SHA-256 fingerprints, as Gemini
 * clients trust a server on first use: self-signed certificates, names and dates included. Pinning the public key
 * survives a renewal that keeps the key.
 */
final class PinnedCertificates extends X509ExtendedTrustManager {

    private final Set<String> fingerprints;

    /** @param fingerprints {@code SHA256:} and 64 hex digits each, any case */
    PinnedCertificates(Iterable<String> fingerprints) {
        this.fingerprints = java.util.stream.StreamSupport.stream(fingerprints.spliterator(), false)
                .map(fingerprint -> fingerprint.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the backend sent no certificate");
        }
        String certificate = ClientCertificate.fingerprintOf(chain[0]);
        if (!fingerprints.contains(certificate) && !fingerprints.contains(ClientCertificate.publicKeyFingerprintOf(chain[0]))) {
            throw new CertificateException("the backend's certificate " + certificate + " is not one of the pinned fingerprints");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a backend connection has no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
