package dev.pollux.handler.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.pollux.protocol.PercentEncoding;

/**
 * A generated text/gemini page for a directory without an index file, in Jetforce's layout:
 * a "Directory:" line, a link to the parent (except at the root), then one link per entry,
 * sorted by name, directories with a trailing slash. Entries that could not be served (dotfiles, links
 * leading out of the root) are left out.
 * Blocking: it lists the directory.
 */
public final class DirectoryListing {

    private final ContainedPathResolver resolver;

    public DirectoryListing(ContainedPathResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param root        the directory containment is checked against
     * @param segments    the request's canonical path segments, for the links
     */
    public String render(Path root, boolean serveDotfiles, Path directory, List<String> segments) throws IOException {
        String urlPath = "/" + String.join("/", segments.stream().map(PercentEncoding::encodeSegment).toList());
        String base = segments.isEmpty() ? "/" : urlPath + "/";
        StringBuilder page = new StringBuilder();
        page.append("Directory: /").append(String.join("/", segments)).append(segments.isEmpty() ? "" : "/").append("\r\n");
        if (!segments.isEmpty()) {
            String parent = "/" + String.join("/", segments.subList(0, segments.size() - 1).stream().map(PercentEncoding::encodeSegment).toList());
            page.append("=>").append(parent.equals("/") ? "/" : parent + "/").append("\t..\r\n");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (resolver.realPathInside(root, serveDotfiles, entry).isEmpty()) {
                    continue; // hidden, or a link that leads out of the root: not even its name is shown
                }
                String slash = Files.isDirectory(entry) ? "/" : "";
                page.append("=>").append(base).append(PercentEncoding.encodeSegment(name)).append(slash)
                        .append('\t').append(name.replaceAll("\\p{Cntrl}", "?")).append(slash).append("\r\n");
            }
        }
        return page.toString();
    }
}
