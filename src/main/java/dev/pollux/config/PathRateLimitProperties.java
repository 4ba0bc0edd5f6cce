package dev.pollux.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A limit for some paths of a capsule ({@code pollux.capsules[N].rate-limits[M].*}).
 *
 * @param path  the paths it applies to, as a pattern matched against the decoded path: {@code *} matches within
 *              one segment, {@code **} any number of segments, {@code ?} one character; {@code /cgi-bin/**} is
 *              {@code /cgi-bin} and everything under it
 * @param limit requests each client may make to those paths, such as {@code 10/m}
 */
public record PathRateLimitProperties(
        @NotNull @Pattern(regexp = "/.*", message = "must start with /") String path,
        @NotNull Rate limit) {
}
