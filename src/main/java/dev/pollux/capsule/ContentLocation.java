package dev.pollux.capsule;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a request's files live: the directory that contains them (a capsule root, a wildcard
 * subdomain's root or a user directory) and the path segments below it.
 */
public record ContentLocation(Path root, List<String> segments) {

    public ContentLocation {
        segments = List.copyOf(segments);
    }
}
