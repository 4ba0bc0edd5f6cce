package dev.pollux.config;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code pollux.*}. Every default lives here, so the jar runs with no
 * application.yml at all.
 *
 * @param server    the Gemini listener
 * @param tls       server certificates
 * @param capsules  the capsules served; none means one "localhost" capsule with the built-in welcome content
 * @param mimeTypes extra file-extension to media-type mappings (extension without the dot), on top of the built-in table
 * @param cgi       CGI scripts: server-wide defaults and bound
 */
@Validated
@ConfigurationProperties("pollux")
public record PolluxProperties(
        @Valid @DefaultValue ServerProperties server,
        @Valid @DefaultValue TlsProperties tls,
        @DefaultValue List<@Valid CapsuleProperties> capsules,
        @DefaultValue Map<String, String> mimeTypes,
        @Valid @DefaultValue CgiProperties cgi) {
}
