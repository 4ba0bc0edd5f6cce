package dev.pollux.config;

import java.util.List;

import dev.pollux.config.ClientCertificateRuleProperties.Require;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * One capsule's Titan uploads ({@code pollux.capsules[N].titan.*}): who may write which paths of the capsule from a
 * Gemini client, with {@code titan://} requests. Off unless enabled; when on, it needs {@code paths} and either
 * {@code require} or {@code token}.
 *
 * @param enabled      accept {@code titan://} requests for this capsule; otherwise they are answered {@code 53}
 * @param paths        the canonical path prefixes that may be written, such as {@code /notes/} (everything under it) or
 *                     {@code /about.gmi} (that one file); {@code /} is the whole capsule. Also where CGI scripts and
 *                     application routes may take uploads
 * @param require      the client certificate an upload needs: {@code any}, one issued by a trusted {@code ca}, or one of
 *                     the listed {@code fingerprints}, as in client-certificate rules; unset needs none (then {@code token}
 *                     is required)
 * @param fingerprints with {@code require: fingerprints}: the certificate or public-key fingerprints allowed, each
 *                     {@code SHA256:} and 64 hex digits, in any case
 * @param token        a secret every upload must carry as its {@code ;token=} parameter, compared in constant time;
 *                     unset asks for none
 * @param maxSize      the largest upload accepted, such as {@code 1MB}; a larger one is refused ({@code 59}) before any of
 *                     its body is read
 * @param mimeTypes    the media types accepted, without parameters, such as {@code text/gemini}; empty accepts any
 * @param allowDelete  an upload of size 0 deletes the file it names; otherwise it is refused ({@code 50})
 */
public record CapsuleTitanProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue List<@Pattern(regexp = "/.*", message = "must start with '/'") String> paths,
        Require require,
        @DefaultValue List<@Pattern(regexp = "(?i)SHA256:[0-9A-F]{64}", message = "must be SHA256: followed by 64 hex digits") String> fingerprints,
        String token,
        @DefaultValue("1MB") DataSize maxSize,
        @DefaultValue List<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*",
                message = "must be a media type such as text/gemini, without parameters") String> mimeTypes,
        @DefaultValue("false") boolean allowDelete) {
}
