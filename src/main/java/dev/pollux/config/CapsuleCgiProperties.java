package dev.pollux.config;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One capsule's CGI settings ({@code pollux.capsules[N].cgi.*}). Every unset field falls back to
 * the server-wide {@link CgiProperties}.
 *
 * @param enabled       run scripts in this capsule; unset follows {@code pollux.cgi.enabled}
 * @param directory     the CGI directory, relative to the capsule root
 * @param timeout       silence allowed before the header
 * @param maxConcurrent scripts of this capsule running at once (the server-wide bound still applies)
 * @param path          {@code PATH} given to this capsule's scripts
 * @param environment   extra variables, added to (and overriding) the server-wide ones
 */
public record CapsuleCgiProperties(
        Boolean enabled,
        String directory,
        Duration timeout,
        @Min(1) Integer maxConcurrent,
        String path,
        @DefaultValue Map<String, String> environment) {
}
