package dev.pollux.handler.file;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.pollux.capsule.Capsule;

/**
 * Maps decoded URL path segments to a file inside the capsule root, or to nothing.
 * Refuses "." and "..", separators hidden inside a segment (%2F), dotfiles unless the capsule
 * serves them, and anything whose real path (symbolic links followed) leaves the root.
 * Blocking: it touches the file system.
 */
public final class ContainedPathResolver {

    /** The real path of an existing file or directory inside the root, or empty. */
    public Optional<Path> resolve(Capsule capsule, List<String> segments) throws IOException {
        Path candidate = capsule.root();
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            if (!isAllowedName(segment, capsule)) {
                return Optional.empty();
            }
            candidate = candidate.resolve(segment);
        }
        return realPathInside(capsule, candidate);
    }

    /** The real path of {@code candidate} when it exists and stays inside the root (after symbolic links). */
    public Optional<Path> realPathInside(Capsule capsule, Path candidate) throws IOException {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (FileSystemException e) {
            // missing, unreadable, a name too long, a loop of links: all look like nothing there
            return Optional.empty();
        }
        if (!real.startsWith(capsule.root())) {
            return Optional.empty();
        }
        for (Path part : capsule.root().relativize(real)) {
            String name = part.toString();
            if (!name.isEmpty() && !isAllowedName(name, capsule)) {
                return Optional.empty();
            }
        }
        return Optional.of(real);
    }

    private static boolean isAllowedName(String name, Capsule capsule) {
        if (name.equals(".") || name.equals("..")) {
            return false;
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            return false;
        }
        return capsule.serveDotfiles() || !name.startsWith(".");
    }
}
