package dev.pollux.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One reverse-proxy mount of a capsule ({@code pollux.capsules[N].proxies[M].*}): requests under {@code path} are
 * relayed to another Gemini server and its answer streamed back. A capsule's mounts are tried in order and the first
 * whose path matches relays the request.
 *
 * @param path           a path prefix such as {@code /wiki/}, matched on the canonical request path ({@code /wiki/} also
 *                       covers {@code /wiki}); {@code /} relays the whole capsule
 * @param to             the backend, and the prefix the matched path is rewritten onto: {@code gemini://host[:port][/prefix]}
 * @param verify         how the backend's certificate is checked: {@code fingerprint} (pinned, recommended), {@code ca} (issued by
 *                       a trusted CA for the backend's host name) or {@code none}
 * @param fingerprints   with {@code verify: fingerprint}: the backend certificate's or its public key's fingerprints, each
 *                       {@code SHA256:} and 64 hex digits, in any case
 * @param caFile         with {@code verify: ca}: a PEM file of the CA certificates to trust; unset trusts the JVM's default
 *                       store (the system's CAs)
 * @param connectTimeout time to connect to the backend and complete the TLS handshake
 * @param headerTimeout  time the backend may take for its response header once the request is sent
 * @param bodyTimeout    time the backend may stay silent during the body while the client waits for more
 */
public record CapsuleProxyProperties(
        @NotBlank @Pattern(regexp = "/.*", message = "must start with '/'") String path,
        @NotBlank String to,
        @NotNull @DefaultValue("fingerprint") Verify verify,
        @DefaultValue List<@Pattern(regexp = "(?i)SHA256:[0-9A-F]{64}", message = "must be SHA256: followed by 64 hex digits") String> fingerprints,
        Path caFile,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration headerTimeout,
        @DefaultValue("30s") Duration bodyTimeout) {

    /** How a backend's certificate is trusted. */
    public enum Verify {
        FINGERPRINT, CA, NONE
    }
}
