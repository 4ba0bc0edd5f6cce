package dev.pollux.handler;

import java.io.IOException;
import java.nio.file.Path;

import dev.pollux.capsule.Capsule;

/**
 * Files of a capsule that another feature owns, so static files must never serve them (CGI scripts: their source).
 * Asked by the static-file handler for every file it looks up, on its file scheduler. Blocking: it may touch the file
 * system.
 */
public interface WithheldFiles {

    WithheldFiles NONE = (capsule, realPath) -> false;

    /** @param realPath the real path (symbolic links followed) of a file or directory inside the capsule */
    boolean withholds(Capsule capsule, Path realPath) throws IOException;
}
