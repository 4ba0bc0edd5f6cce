package dev.pollux.clientcert;

import org.springframework.util.AntPathMatcher;

/**
 * One rule protecting part of a capsule.
 *
 * @param path        a prefix, or an Ant-style pattern when it contains {@code *} or {@code ?}
 * @param requirement what the certificate must be
 * @param meta        the operator's text for 60/61/62, or null for the defaults
 */
public record ClientCertificateRule(String path, CertificateRequirement requirement, String meta) {

    private static final AntPathMatcher PATTERNS = new AntPathMatcher();

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

    private boolean isPattern() {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0;
    }
}
