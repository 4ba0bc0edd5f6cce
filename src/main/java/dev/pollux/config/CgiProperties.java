package dev.pollux.config;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * CGI scripts, server-wide ({@code pollux.cgi.*}): the defaults every capsule starts from, and the
 * server-wide bound on running scripts. Each capsule may override them under {@code pollux.capsules[N].cgi.*}.
 *
 * @param enabled       run scripts from each capsule's CGI directory; off unless configured, so that a
 *                      content directory copied from elsewhere never starts executing files
 * @param directory     the CGI directory, relative to the capsule root
 * @param timeout       how long a script may stay silent before its header; then it and its children are killed and the client gets {@code 42}
 * @param maxConcurrent scripts running at once across all capsules; past it, requests get {@code 41}
 * @param path          {@code PATH} given to scripts
 * @param environment   extra variables given to every script (name to value)
 */
public record CgiProperties(
        @DefaultValue("false") boolean enabled,
        @NotBlank @DefaultValue("cgi-bin") String directory,
        @DefaultValue("30s") Duration timeout,
        @Min(1) @DefaultValue("16") int maxConcurrent,
        @NotBlank @DefaultValue("/usr/local/bin:/usr/bin:/bin") String path,
        @DefaultValue Map<String, String> environment) {

    public CgiProperties {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationException("pollux.cgi.timeout", "must be positive, was " + timeout);
        }
    }
}
