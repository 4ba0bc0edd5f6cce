package dev.pollux.handler.cgi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import dev.pollux.capsule.Capsule;
import dev.pollux.handler.WithheldFiles;
import dev.pollux.handler.file.ContainedPathResolver;

/**
 * Static files never serve what lies in a capsule's CGI directory, whatever path reached it: the CGI handler decides
 * which requests are its own, and this keeps a script's source private even when that decision is a remembered one
 * ({@link CgiLookups}).
 */
final class CgiScriptsWithheld implements WithheldFiles {

    private final ContainedPathResolver paths;

    CgiScriptsWithheld(ContainedPathResolver paths) {
        this.paths = paths;
    }

    @Override
    public boolean withholds(Capsule capsule, Path realPath) throws IOException {
        CgiSettings cgi = capsule.policy(CgiSettings.POLICY);
        if (!cgi.enabled()) {
            return false;
        }
        Optional<Path> directory = paths.resolve(capsule, cgi.directory());
        return directory.isPresent() && realPath.startsWith(directory.get());
    }
}
