package dev.pollux.config;

import java.nio.file.Path;

/**
 * A capsule's own certificate ({@code pollux.capsules[N].tls.*}): PEM files, or the name of a
 * Spring SSL bundle ({@code spring.ssl.bundle.*}). Unset: the server-wide {@code pollux.tls}
 * certificate, else a generated one.
 *
 * @param certificate PEM certificate chain, leaf first
 * @param privateKey  PEM private key of {@code certificate}
 * @param bundle      name of a Spring SSL bundle holding the key and chain
 */
public record CapsuleTlsProperties(Path certificate, Path privateKey, String bundle) {

    public boolean isConfigured() {
        return certificate != null || privateKey != null || bundle != null;
    }
}
