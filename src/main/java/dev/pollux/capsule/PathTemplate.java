package dev.pollux.capsule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.pollux.config.InvalidConfigurationException;

/**
 * A directory template such as {@code /srv/capsules/{subdomain}} or {@code /home/{user}/public_gemini}.
 * The placeholder must be a whole path segment; the directory before it must exist and is resolved
 * through symbolic links at startup. A value is a single safe name (never "..", never a separator),
 * so one expansion can never reach a sibling's files.
 */
public final class PathTemplate {

    private final Path base;
    private final List<String> after;
    private final Pattern allowedValue;

    private PathTemplate(Path base, List<String> after, Pattern allowedValue) {
        this.base = base;
        this.after = after;
        this.allowedValue = allowedValue;
    }

    /**
     * @param property     the setting's name, for error messages
     * @param placeholder  e.g. {@code {user}}
     * @param allowedValue what a value may look like
     */
    public static PathTemplate parse(String property, String template, String placeholder, Pattern allowedValue) {
        Path path;
        try {
            path = Path.of(template);
        } catch (InvalidPathException e) {
            throw new InvalidConfigurationException(property, "is not a path: " + e.getReason());
        }
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        boolean found = false;
        for (Path part : path) {
            String segment = part.toString();
            if (segment.equals(placeholder) && !found) {
                found = true;
            } else if (segment.contains("{")) {
                throw new InvalidConfigurationException(property, "'" + template + "' must contain " + placeholder + " once, as a whole path segment");
            } else {
                (found ? after : before).add(segment);
            }
        }
        if (!found || !path.isAbsolute()) {
            throw new InvalidConfigurationException(property, "'" + template + "' must be an absolute path containing " + placeholder + " as a whole path segment");
        }
        Path base = path.getRoot().resolve(String.join("/", before));
        if (!Files.isDirectory(base)) {
            throw new InvalidConfigurationException(property, base + " does not exist or is not a directory");
        }
        try {
            return new PathTemplate(base.toRealPath(), List.copyOf(after), allowedValue);
        } catch (IOException e) {
            throw new InvalidConfigurationException(property, base + " cannot be read: " + e.getMessage());
        }
    }

    /** The directory for this value, or empty when the value is not a safe name. Touches no file. */
    public Optional<Path> expand(String value) {
        if (!allowedValue.matcher(value).matches()) {
            return Optional.empty();
        }
        Path expanded = base.resolve(value);
        for (String segment : after) {
            expanded = expanded.resolve(segment);
        }
        return Optional.of(expanded);
    }

    /** The existing directory every expansion lives under. */
    public Path base() {
        return base;
    }
}
