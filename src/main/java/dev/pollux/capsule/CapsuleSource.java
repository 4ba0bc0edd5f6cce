package dev.pollux.capsule;

import java.util.List;

import dev.pollux.config.CapsuleProperties;

/**
 * What a capsule's policies are compiled from.
 *
 * @param prefix     the capsule's property prefix, {@code pollux.capsules[N]}, for error messages
 * @param properties the capsule's settings (the defaults for the implicit capsule served when none is configured)
 * @param hostname   the configured host name, normalised ({@code *.example.org} for a wildcard)
 * @param aliases    the other host names, normalised
 */
public record CapsuleSource(String prefix, CapsuleProperties properties, String hostname, List<String> aliases) {

    public CapsuleSource {
        aliases = List.copyOf(aliases);
    }
}
