package dev.pollux.ratelimit;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.pollux.capsule.PolicyKey;
import dev.pollux.protocol.RequestPath;
import org.springframework.util.AntPathMatcher;

/**
 * A capsule's rate limits, in the order they are checked: its own {@code rate-limit}, then each of its
 * {@code rate-limits[]}. The limiters are created once per configured capsule, so every subdomain of a
 * wildcard capsule draws on the same budget for each client.
 */
public record RateLimitPolicy(List<Limit> limits) {

    public static final PolicyKey<RateLimitPolicy> POLICY = PolicyKey.of("rate-limits", RateLimitPolicy.class);

    public RateLimitPolicy {
        limits = List.copyOf(limits);
    }

    /**
     * One limit of a capsule.
     *
     * @param pathPattern the paths it applies to (see {@link dev.pollux.config.PathRateLimitProperties}), or null for all
     */
    public record Limit(String pathPattern, RateLimiter limiter) {

        private static final AntPathMatcher PATHS = new AntPathMatcher();

        /** A pattern is written like a path, so its empty segments and trailing slash mean nothing: {@code /cgi-bin//x/} is {@code /cgi-bin/x}. */
        public Limit {
            pathPattern = pathPattern == null ? null
                    : "/" + Arrays.stream(pathPattern.split("/")).filter(part -> !part.isEmpty()).collect(Collectors.joining("/"));
        }

        /** Patterns match the canonical path without its trailing slash, so {@code /cgi-bin/**} covers {@code /cgi-bin/}. */
        boolean appliesTo(RequestPath path) {
            return pathPattern == null || PATHS.match(pathPattern, path.withoutTrailingSlash());
        }
    }
}
