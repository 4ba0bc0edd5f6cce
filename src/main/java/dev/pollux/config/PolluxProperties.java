package dev.pollux.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
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
 * @param rateLimit           requests each client may make to the whole server, as in Jetforce: {@code 60/5m}, {@code 5/s},
 *                            {@code 100/2h}, {@code 1000/d}; malformed requests count too; unset means no server-wide limit
 * @param rateLimitAllow      CIDR ranges never rate limited, such as {@code 127.0.0.0/8} or {@code 2001:db8::/32}
 * @param rateLimitIpv6Prefix IPv6 clients are counted per network of this many leading bits, so one host cannot escape a limit by rotating addresses
 * @param rateLimitMaxClients the most per-client rate-limit states kept in memory, across all limits; beyond it the least useful are forgotten
 *                            (the local store only)
 * @param rateLimitStore      where the buckets live: {@code local} (each replica counts alone) or {@code redis} (shared by all
 *                            replicas, connected through {@code spring.data.redis.*})
 * @param rateLimitStoreTimeout the longest a request waits for the shared store; past it, {@code rateLimitStoreFailure} decides
 * @param rateLimitStoreFailure what a request gets when the shared store fails or is late: {@code allow} or {@code deny} ({@code 44})
 * @param cgi       CGI scripts: server-wide defaults and bound
 * @param fileCache the cache of small static files
 */
@Validated
@ConfigurationProperties("pollux")
public record PolluxProperties(
        @Valid @NestedConfigurationProperty @DefaultValue ServerProperties server,
        @Valid @NestedConfigurationProperty @DefaultValue TlsProperties tls,
        @DefaultValue List<@Valid CapsuleProperties> capsules,
        @DefaultValue Map<String, String> mimeTypes,
        Rate rateLimit,
        @DefaultValue List<String> rateLimitAllow,
        @Min(1) @Max(128) @DefaultValue("64") int rateLimitIpv6Prefix,
        @Min(1) @DefaultValue("50000") long rateLimitMaxClients,
        @DefaultValue("local") RateLimitStore rateLimitStore,
        @DefaultValue("50ms") Duration rateLimitStoreTimeout,
        @DefaultValue("allow") RateLimitStoreFailure rateLimitStoreFailure,
        @Valid @NestedConfigurationProperty @DefaultValue CgiProperties cgi,
        @Valid @NestedConfigurationProperty @DefaultValue FileCacheProperties fileCache) {
}
