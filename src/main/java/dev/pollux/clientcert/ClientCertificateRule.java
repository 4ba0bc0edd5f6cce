package dev.pollux.clientcert;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import dev.pollux.config.ClientCertificateRuleProperties.Require;
import dev.pollux.tls.ClientCertificate;
import org.springframework.util.AntPathMatcher;

/**
 * One rule protecting part of a capsule.
 *
 * @param path         a prefix, or an Ant-style pattern when it contains {@code *} or {@code ?}
 * @param require      what the certificate must be
 * @param fingerprints allowed certificate or public-key fingerprints, upper case ({@code SHA256:} + hex)
 * @param meta         the operator's text for 60/61/62, or null for the defaults
 */
public record ClientCertificateRule(String path, Require require, Set<String> fingerprints, String meta) {

    private static final AntPathMatcher PATTERNS = new AntPathMatcher();

    public ClientCertificateRule {
        fingerprints = fingerprints.stream().map(f -> f.toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public static ClientCertificateRule of(String path, Require require, List<String> fingerprints, String meta) {
        return new ClientCertificateRule(path, require, Set.copyOf(fingerprints), meta);
    }

    /**
     * @param path the canonical request path ({@link dev.pollux.protocol.RequestPath#value()}); a prefix ending in '/' also
     *             covers the same path without that slash, so {@code /members} is protected with {@code /members/}
     */
    public boolean matches(String path) {
        if (isPattern()) {
            return PATTERNS.match(this.path, path);
        }
        return path.startsWith(this.path) || (this.path.endsWith("/") && (path + "/").equals(this.path));
    }

    /** True when the certificate's own or its public key's fingerprint is on this rule's list. */
    public boolean allows(ClientCertificate certificate) {
        return fingerprints.contains(certificate.fingerprint().toUpperCase(Locale.ROOT))
                || fingerprints.contains(certificate.publicKeyFingerprint().toUpperCase(Locale.ROOT));
    }

    private boolean isPattern() {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0;
    }
}
