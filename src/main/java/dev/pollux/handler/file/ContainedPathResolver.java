package dev.pollux.handler.file;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.pollux.capsule.Capsule;

/**
 * Maps canonical path segments to a file inside the capsule root, or to nothing.
 * Refuses "." and "..", separators hidden inside a segment (%2F), dotfiles unless the capsule
 * serves them, and anything whose real path (symbolic links followed) leaves the root.
 * Blocking: it touches the file system.
 */
public final class ContainedPathResolver {

    /** The real path of an existing file or directory inside the capsule root, or empty. */
    public Optional<Path> resolve(Capsule capsule, List<String> segments) throws IOException {
        return resolve(capsule.root(), capsule.serveDotfiles(), segments);
    }

    /** The real path of an existing file or directory inside {@code root}, or empty. */
    public Optional<Path> resolve(Path root, boolean serveDotfiles, List<String> segments) throws IOException {
        Path candidate = root;
        for (String segment : segments) {
            if (!isAllowedName(segment, serveDotfiles)) {
                return Optional.empty();
            }
            candidate = candidate.resolve(segment);
        }
        return realPathInside(root, serveDotfiles, candidate);
    }

    /** The real path of {@code candidate} when it exists and stays inside {@code root} (after symbolic links). */
    public Optional<Path> realPathInside(Path root, boolean serveDotfiles, Path candidate) throws IOException {
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (FileSystemException e) {
            // missing, unreadable, a name too long, a loop of links: all look like nothing there
            return Optional.empty();
        }
        if (!real.startsWith(root)) {
            return Optional.empty();
        }
        for (Path part : root.relativize(real)) {
            String name = part.toString();
            if (!name.isEmpty() && !isAllowedName(name, serveDotfiles)) {
                return Optional.empty();
            }
        }
        return Optional.of(real);
    }

    private static boolean isAllowedName(String name, boolean serveDotfiles) {
        if (name.equals(".") || name.equals("..")) {
            return false;
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            return false;
        }
        return serveDotfiles || !name.startsWith(".");
    }
}
