package dev.pollux.clientcert;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.pollux.config.ClientCertificateRuleProperties.Require;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;
import dev.pollux.tls.ClientCertificate;

/**
 * What a client certificate must be ({@code require: any|ca|fingerprints}), and the answer when it is not: the one check
 * behind client-certificate rules and anything else that asks for a certificate (Titan uploads). No certificate is
 * {@code 60}; one outside its validity dates {@code 62}; one that is not CA-issued (for {@code ca}: issued by a CA the
 * capsule trusts) or not listed (for {@code fingerprints}) {@code 61}.
 *
 * @param fingerprints for {@code fingerprints}: the certificate or public-key fingerprints allowed, upper case ({@code SHA256:} + hex)
 */
public record CertificateRequirement(Require require, Set<String> fingerprints) {

    static final String DEFAULT_REQUIRED_META = "Client certificate required";
    static final String DEFAULT_NOT_AUTHORISED_META = "Certificate not authorised";
    static final String DEFAULT_NOT_VALID_META = "Certificate not valid";

    public CertificateRequirement {
        fingerprints = fingerprints.stream().map(f -> f.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static CertificateRequirement of(Require require, List<String> fingerprints) {
        return new CertificateRequirement(require, Set.copyOf(fingerprints));
    }

    /**
     * A requirement from settings, checked: fingerprints go with {@code require: fingerprints} only, and it needs at least one;
     * {@code require: ca} needs a trusted CA.
     *
     * @param prefix    the property prefix of {@code require} and {@code fingerprints}, for errors
     * @param trustsCas whether the capsule trusts some CA ({@code client-ca-*} of its own, or the server's)
     * @param capsule   the capsule's property prefix, to say where a CA can be configured
     */
    public static CertificateRequirement configured(String prefix, Require require, List<String> fingerprints, boolean trustsCas,
                                                    String capsule) {
        if (require == Require.FINGERPRINTS && fingerprints.isEmpty()) {
            throw new InvalidConfigurationException(prefix + ".fingerprints", "require: fingerprints needs at least one fingerprint");
        }
        if (require != Require.FINGERPRINTS && !fingerprints.isEmpty()) {
            throw new InvalidConfigurationException(prefix + ".fingerprints", "fingerprints are used only with require: fingerprints");
        }
        if (require == Require.CA && !trustsCas) {
            throw new InvalidConfigurationException(prefix + ".require", "require: ca needs pollux.tls.client-ca-file or -path, or "
                    + capsule + ".client-ca-file or -path");
        }
        return of(require, fingerprints);
    }

    /**
     * The refusal of this certificate, or null when it meets the requirement.
     *
     * @param certificate the certificate as inspected for the request's capsule (CA trust included), or null without one
     * @param meta        the text sent with 60, 61 and 62, or null for the defaults
     */
    public GeminiResponse refusal(ClientCertificate certificate, Instant now, String meta) {
        if (certificate == null) {
            return refuse(Status.CLIENT_CERTIFICATE_REQUIRED, meta, DEFAULT_REQUIRED_META, Reason.CERTIFICATE_REQUIRED);
        }
        if (certificate.isOutsideValidity(now)) {
            return refuse(Status.CERTIFICATE_NOT_VALID, meta, DEFAULT_NOT_VALID_META, Reason.CERTIFICATE_NOT_VALID);
        }
        boolean allowed = switch (require) {
            case ANY -> true;
            case CA -> certificate.authorised();
            case FINGERPRINTS -> allows(certificate);
        };
        return allowed ? null : refuse(Status.CERTIFICATE_NOT_AUTHORISED, meta, DEFAULT_NOT_AUTHORISED_META, Reason.CERTIFICATE_NOT_AUTHORISED);
    }

    /** True when the certificate's own or its public key's fingerprint is listed. */
    public boolean allows(ClientCertificate certificate) {
        return fingerprints.contains(certificate.fingerprint().toUpperCase(Locale.ROOT))
                || fingerprints.contains(certificate.publicKeyFingerprint().toUpperCase(Locale.ROOT));
    }

    private static GeminiResponse refuse(Status status, String meta, String defaultMeta, Reason reason) {
        return GeminiResponse.refused(status, meta != null ? meta : defaultMeta, reason);
    }
}
