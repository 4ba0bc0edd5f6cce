package dev.pollux.capsule;

import java.nio.file.Path;
import java.util.List;

/**
 * A capsule as served: normalised host names and a content root that exists
 * (already resolved through symbolic links, so containment checks compare real paths).
 */
public record Capsule(
        String hostname,
        List<String> aliases,
        Path root,
        String indexFile,
        boolean directoryListing,
        String lang,
        String charset,
        boolean serveDotfiles) {

    public Capsule {
        aliases = List.copyOf(aliases);
    }

    public List<String> hostnames() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(hostname), aliases.stream()).toList();
    }
}
