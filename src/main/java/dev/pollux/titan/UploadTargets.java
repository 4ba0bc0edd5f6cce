package dev.pollux.titan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.ContentLocation;
import dev.pollux.handler.file.ContainedPathResolver;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;

/**
 * Where an upload may go, found by its canonical path: the containment of reads ({@link ContainedPathResolver}: no dot
 * segments, nothing hidden, the real path inside the root) made stricter for writes. The directory must already exist
 * and be reached without any symbolic link (its real path is the one the request names), so a link can lead a write
 * neither out of the root nor sideways out of the writable paths; the name must be visible (never a dotfile, whether or
 * not the capsule serves them); the file, if there, must be a regular file (never a directory or a link); and nothing is
 * written inside the capsule's CGI directory. Blocking: it touches the file system.
 */
final class UploadTargets {

    /** What an upload's path allows. */
    sealed interface Target permits Refused, Replace, Delete {
    }

    record Refused(GeminiResponse response) implements Target {
    }

    /** Write the body to {@code file}, replacing what is there. */
    record Replace(Path file) implements Target {
    }

    /** Remove {@code file} (an upload of size 0). */
    record Delete(Path file) implements Target {
    }

    /** NAME_MAX of Linux's file systems (and of most others). */
    private static final int MAX_NAME_BYTES = 255;

    private final ContainedPathResolver resolver;

    UploadTargets(ContainedPathResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param location     where the path's files live (the capsule root, a subdomain's or a user's directory)
     * @param cgiDirectory the capsule's CGI directory, as segments below its root
     * @param directory    true when the path ends with a slash: it names a directory
     */
    Target resolve(Capsule capsule, ContentLocation location, List<String> cgiDirectory, boolean directory, boolean delete)
            throws IOException {
        List<String> segments = location.segments();
        if (segments.isEmpty() || directory) {
            return refused("Cannot write over a directory");
        }
        String name = segments.get(segments.size() - 1);
        if (name.startsWith(".")) {
            return refused("Cannot write hidden files");
        }
        if (name.indexOf('\\') >= 0) {
            return refused("Invalid file name");
        }
        // the client's mistake, not a failure of the file system: refused before anything is created
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return refused("File name too long");
        }
        List<String> parentSegments = segments.subList(0, segments.size() - 1);
        Path lexicalParent = location.root();
        for (String segment : parentSegments) {
            lexicalParent = lexicalParent.resolve(segment);
        }
        Optional<Path> parent = resolver.resolve(location.root(), false, parentSegments);
        if (parent.isEmpty() || !Files.isDirectory(parent.get())) {
            return refused("No such directory");
        }
        if (!parent.get().equals(lexicalParent)) {
            return refused("Cannot write through a symbolic link");
        }
        if (inCgiDirectory(capsule, location, cgiDirectory, parent.get())) {
            return refused("Cannot write into the CGI directory");
        }
        Path file = parent.get().resolve(name);
        BasicFileAttributes attributes = attributes(file);
        if (attributes != null && attributes.isDirectory()) {
            return refused("Cannot write over a directory");
        }
        if (attributes != null && !attributes.isRegularFile()) {
            return refused("Cannot write over a link or a special file");
        }
        if (delete) {
            return attributes == null ? new Refused(GeminiResponse.notFound()) : new Delete(file);
        }
        return new Replace(file);
    }

    /** By name, and by real path, so a directory linked to the CGI directory is refused too. */
    private boolean inCgiDirectory(Capsule capsule, ContentLocation location, List<String> cgiDirectory, Path parent) throws IOException {
        List<String> segments = location.segments();
        if (location.root().equals(capsule.root()) && segments.size() > cgiDirectory.size()
                && segments.subList(0, cgiDirectory.size()).equals(cgiDirectory)) {
            return true;
        }
        Optional<Path> cgiRoot = resolver.resolve(capsule.root(), true, cgiDirectory);
        return cgiRoot.isPresent() && parent.startsWith(cgiRoot.get());
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static Refused refused(String meta) {
        return new Refused(GeminiResponse.refused(Status.PERMANENT_FAILURE, meta, Reason.TITAN_PATH_REFUSED));
    }
}
