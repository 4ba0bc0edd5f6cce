package dev.pollux.tls;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What a request's client certificate says, in the formats Jetforce gives CGI scripts.
 *
 * @param commonName           the subject's CN, or null
 * @param subject              subject DN (RFC 2253)
 * @param issuer               issuer DN (RFC 2253)
 * @param fingerprint          {@code SHA256:} + upper-case hex SHA-256 of the DER certificate
 * @param fingerprintBase64    {@code SHA256:} + URL-safe base64 of the same digest
 * @param publicKeyFingerprint {@code SHA256:} + upper-case hex SHA-256 of the public key (SPKI): survives renewal with the same key
 * @param authorised           true when the certificate chains to a CA the capsule trusts
 */
public record ClientCertificate(
        X509Certificate certificate,
        String commonName,
        String subject,
        String issuer,
        String fingerprint,
        String fingerprintBase64,
        String publicKeyFingerprint,
        BigInteger serialNumber,
        Instant notBefore,
        Instant notAfter,
        boolean authorised) {

    public static ClientCertificate of(X509Certificate certificate, boolean authorised) {
        try {
            byte[] digest = sha256(certificate.getEncoded());
            return new ClientCertificate(
                    certificate,
                    commonName(certificate.getSubjectX500Principal()),
                    certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                    certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                    "SHA256:" + HexFormat.of().withUpperCase().formatHex(digest),
                    "SHA256:" + Base64.getUrlEncoder().encodeToString(digest),
                    publicKeyFingerprintOf(certificate),
                    certificate.getSerialNumber(),
                    certificate.getNotBefore().toInstant(),
                    certificate.getNotAfter().toInstant(),
                    authorised);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("unreadable client certificate", e);
        }
    }

    /** The {@code SHA256:} + upper-case hex fingerprint of a certificate, as in {@link #fingerprint()}. */
    public static String fingerprintOf(X509Certificate certificate) {
        try {
            return "SHA256:" + HexFormat.of().withUpperCase().formatHex(sha256(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("unreadable client certificate", e);
        }
    }

    /** The {@code SHA256:} + upper-case hex fingerprint of a certificate's public key (SPKI), as in {@link #publicKeyFingerprint()}. */
    public static String publicKeyFingerprintOf(X509Certificate certificate) {
        return "SHA256:" + HexFormat.of().withUpperCase().formatHex(sha256(certificate.getPublicKey().getEncoded()));
    }

    /** True when {@code now} is outside the certificate's validity period. */
    public boolean isOutsideValidity(Instant now) {
        return now.isBefore(notBefore) || now.isAfter(notAfter);
    }

    private static String commonName(X500Principal principal) {
        RDN[] names = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.CN);
        return names.length == 0 ? null : IETFUtils.valueToString(names[0].getFirst().getValue());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
