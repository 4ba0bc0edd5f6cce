package dev.pollux.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server certificates ({@code pollux.tls.*}).
 *
 * @param certificate          PEM certificate chain (leaf first) served for every capsule; when unset, each capsule
 *                             gets a generated self-signed certificate
 * @param privateKey           PEM private key of {@code certificate}
 * @param certificateDirectory where generated certificates and keys are kept, so they survive restarts
 * @param clientCaFile         PEM or DER file of CA certificates: a client certificate issued by one of them is authorised
 *                             ({@code TLS_CLIENT_AUTHORISED}); capsules may set their own
 * @param clientCaPath         directory whose every file holds such CA certificates
 * @param sessionTicketKeys    a file of TLS session ticket keys shared by replicas, so a client resumes its session on any of
 *                             them: one key a line, each 48 random bytes in base64 ({@code openssl rand -base64 48}), the first
 *                             encrypting new tickets and every one decrypting; unset, each server makes its own keys
 * @param reloadInterval       how often configured PEM files and the ticket-key file are checked for changes (0 turns reloading off)
 * @param expiryWarning        certificate health warns when a certificate expires within this window
 */
public record TlsProperties(
        Path certificate,
        Path privateKey,
        @DefaultValue("certs") Path certificateDirectory,
        Path clientCaFile,
        Path clientCaPath,
        Path sessionTicketKeys,
        @DefaultValue("10s") Duration reloadInterval,
        @DefaultValue("14d") Duration expiryWarning) {

    public TlsProperties {
        if (certificate != null && privateKey == null) {
            throw new InvalidConfigurationException("pollux.tls.private-key", "must be set together with pollux.tls.certificate");
        }
        if (certificate == null && privateKey != null) {
            throw new InvalidConfigurationException("pollux.tls.certificate", "must be set together with pollux.tls.private-key");
        }
    }

    public boolean hasConfiguredCertificate() {
        return certificate != null;
    }
}
