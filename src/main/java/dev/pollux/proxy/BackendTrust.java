package dev.pollux.proxy;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import dev.pollux.config.CapsuleProxyProperties;
import dev.pollux.config.CapsuleProxyProperties.Verify;
import dev.pollux.config.InvalidConfigurationException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * The TLS client context of one mount, from its {@code verify} setting: a pinned certificate ({@link PinnedCertificates},
 * no name or date checks, as Gemini's TOFU), a CA-issued certificate for the backend's host name (the JVM's default
 * trust store or a CA file), or anything. TLS 1.2 and 1.3 only, as the Gemini specification asks.
 */
final class BackendTrust {

    private BackendTrust() {
    }

    /** @param prefix the mount's properties, {@code pollux.capsules[N].proxies[M]}, for error messages */
    static SslContext sslContext(String prefix, CapsuleProxyProperties mount) {
        Verify verify = mount.verify();
        if (verify == Verify.FINGERPRINT && mount.fingerprints().isEmpty()) {
            throw new InvalidConfigurationException(prefix + ".fingerprints",
                    "verify: fingerprint (the default) needs the backend certificate's SHA256 fingerprint; or set verify: ca or none");
        }
        if (verify != Verify.FINGERPRINT && !mount.fingerprints().isEmpty()) {
            throw new InvalidConfigurationException(prefix + ".fingerprints", "fingerprints are used only with verify: fingerprint");
        }
        if (verify != Verify.CA && mount.caFile() != null) {
            throw new InvalidConfigurationException(prefix + ".ca-file", "a CA file is used only with verify: ca");
        }
        SslContextBuilder builder = SslContextBuilder.forClient().protocols("TLSv1.3", "TLSv1.2");
        try {
            switch (verify) {
                case FINGERPRINT -> builder.trustManager(new PinnedCertificates(mount.fingerprints())).endpointIdentificationAlgorithm(null);
                case NONE -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
                case CA -> {
                    if (mount.caFile() == null) {
                        builder.trustManager((TrustManagerFactory) null);
                    } else {
                        builder.trustManager(mount.caFile().toFile());
                    }
                    builder.endpointIdentificationAlgorithm("HTTPS");
                }
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            String property = mount.caFile() != null ? prefix + ".ca-file" : prefix + ".verify";
            throw new InvalidConfigurationException(property, "cannot be used: " + e.getMessage());
        }
    }
}
