package dev.pollux.config;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One client-certificate rule of a capsule ({@code pollux.capsules[N].client-certificates[M].*}).
 * A capsule's rules are tried in order and the first whose path matches decides.
 *
 * @param path         a path prefix such as {@code /members/}, or an Ant-style pattern such as {@code /notes/*.gmi}
 *                     when it contains {@code *} or {@code ?}
 * @param require      what a request under {@code path} needs: {@code any} certificate, one issued by the configured {@code ca},
 *                     or one of the listed {@code fingerprints}
 * @param fingerprints with {@code require: fingerprints}: the certificate or public-key fingerprints allowed,
 *                     each {@code SHA256:} and 64 hex digits, in any case
 * @param meta         the text sent with {@code 60}, {@code 61} and {@code 62} instead of the default ones
 */
public record ClientCertificateRuleProperties(
        @NotBlank @Pattern(regexp = "/.*", message = "must start with '/'") String path,
        @NotNull Require require,
        @DefaultValue List<@Pattern(regexp = "(?i)SHA256:[0-9A-F]{64}", message = "must be SHA256: followed by 64 hex digits") String> fingerprints,
        String meta) {

    /** What a protected path asks of the client's certificate. */
    public enum Require {
        ANY, CA, FINGERPRINTS
    }
}
