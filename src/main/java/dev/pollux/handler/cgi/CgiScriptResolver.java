package dev.pollux.handler.cgi;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pollux.capsule.Capsule;
import dev.pollux.handler.file.ContainedPathResolver;
import dev.pollux.protocol.RequestPath;

/**
 * Finds the script a request's canonical path names. A request is under the CGI directory when its path
 * starts with the directory's segments, or when any prefix of it resolves (symbolic links followed) into the
 * directory. Under it, the shortest prefix that is a regular file is the script, and what the client sent
 * after it is {@code PATH_INFO}; a file that is not executable, or anything missing, is not found,
 * so a script's source is never served. Containment rules are those of static files
 * ({@link ContainedPathResolver}). Blocking: it touches the file system.
 */
public final class CgiScriptResolver {

    private final ContainedPathResolver paths;

    public CgiScriptResolver(ContainedPathResolver paths) {
        this.paths = paths;
    }

    /** What a request path means for CGI. */
    public sealed interface Resolution permits NotCgi, NotFound, Script {
    }

    /** Outside the CGI directory: for the next handler. */
    public record NotCgi() implements Resolution {
    }

    /** Under the CGI directory but no executable script: {@code 51}, never a static file. */
    public record NotFound() implements Resolution {
    }

    /**
     * @param executable the script's real path
     * @param scriptName {@code /} and the canonical path segments up to the script
     * @param pathInfo   what the client sent after the script, decoded, with every {@code /} kept; empty when none
     */
    public record Script(Path executable, String scriptName, String pathInfo) implements Resolution {
    }

    public Resolution resolve(Capsule capsule, List<String> cgiDirectory, RequestPath path) throws IOException {
        List<String> segments = path.segments();
        Optional<Path> cgiRoot = paths.resolve(capsule, cgiDirectory);
        boolean under = startsWith(segments, cgiDirectory);
        List<String> prefix = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            prefix.add(segments.get(i));
            Optional<Path> target = paths.resolve(capsule, prefix);
            if (target.isEmpty()) {
                return under ? new NotFound() : new NotCgi();
            }
            Path real = target.get();
            boolean inside = cgiRoot.isPresent() && real.startsWith(cgiRoot.get());
            under |= inside;
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(real, BasicFileAttributes.class);
            } catch (FileSystemException e) {
                // removed or made unreadable since: as if it never existed
                return under ? new NotFound() : new NotCgi();
            }
            if (attributes.isDirectory()) {
                continue;
            }
            if (!under) {
                return new NotCgi();
            }
            if (!inside || !attributes.isRegularFile() || !Files.isExecutable(real)) {
                return new NotFound();
            }
            return new Script(real, "/" + String.join("/", prefix), path.decodedRawAfter(i + 1));
        }
        return under ? new NotFound() : new NotCgi();
    }

    private static boolean startsWith(List<String> segments, List<String> directory) {
        return segments.size() >= directory.size() && segments.subList(0, directory.size()).equals(directory);
    }
}
