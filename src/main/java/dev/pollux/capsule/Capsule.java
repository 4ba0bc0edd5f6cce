package dev.pollux.capsule;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A capsule as served, compiled once at startup from {@code pollux.capsules[N]}: normalised host names, a
 * content root resolved through symbolic links (so containment checks compare real paths), and the policies
 * each feature compiled for it ({@link #policy}). A wildcard capsule ({@code *.example.org}) holds a root
 * template, and {@link #forSubdomain} gives the view of one subdomain: its own root, everything else shared,
 * policies and rate-limit budgets included.
 *
 * @param rootTemplate    for wildcard capsules, the {@code {subdomain}} template (its root is the template's base
 *                        until {@link #forSubdomain} picks one subdomain's directory); otherwise null
 * @param userDirectories the {@code {user}} template for {@code /~user/} paths, or null
 */
public record Capsule(
        String hostname,
        List<String> aliases,
        Path root,
        String indexFile,
        boolean directoryListing,
        String lang,
        String charset,
        boolean serveDotfiles,
        PathTemplate rootTemplate,
        PathTemplate userDirectories,
        CapsulePolicies policies) {

    /** A DNS label: what one {@code *} of a wildcard stands for. */
    static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** A user name as Unix systems allow it, never "." or "..". */
    static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

    public Capsule {
        aliases = List.copyOf(aliases);
    }

    /** The policy a feature compiled for this capsule. */
    public <T> T policy(PolicyKey<T> key) {
        return policies.get(key);
    }

    public List<String> hostnames() {
        return Stream.concat(Stream.of(hostname), aliases.stream()).toList();
    }

    public boolean isWildcard() {
        return rootTemplate != null;
    }

    /** This wildcard capsule for one subdomain label, rooted at its own directory; empty for a label that is not a DNS label. */
    public Optional<Capsule> forSubdomain(String label) {
        return rootTemplate.expand(label).map(subdomainRoot -> new Capsule(hostname, aliases, subdomainRoot, indexFile,
                directoryListing, lang, charset, serveDotfiles, rootTemplate, userDirectories, policies));
    }

    /**
     * Where the files of these canonical path segments live: {@code /~alice/notes.gmi} is {@code notes.gmi}
     * in alice's directory when user directories are on; anything else is below the root. Empty for
     * a {@code ~name} that is not a user name. Touches no file.
     */
    public Optional<ContentLocation> locate(List<String> segments) {
        if (userDirectories != null && !segments.isEmpty() && segments.get(0).startsWith("~")) {
            return userDirectories.expand(segments.get(0).substring(1))
                    .map(directory -> new ContentLocation(directory, segments.subList(1, segments.size())));
        }
        return Optional.of(new ContentLocation(root, segments));
    }
}
