package dev.pollux.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A JVM options file in the java launcher's @argfile syntax, as {@code jvm.options} is written:
 * one option a line, {@code #} comments. Read as the launcher reads it, to check what the
 * Dockerfile, the chart and the benchmarks start the JVM with.
 */
record JvmOptions(List<String> lines) {

    /** The repository's jvm.options, which every way of running Pollux shares. */
    static final Path FILE = Path.of("jvm.options");

    static JvmOptions read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JvmOptions parse(String text) {
        return new JvmOptions(text.lines().toList());
    }

    /** The options, comments and blank lines left out. */
    List<String> options() {
        List<String> options = new ArrayList<>();
        for (String line : lines) {
            String option = withoutComment(line);
            if (!option.isEmpty()) {
                options.add(option);
            }
        }
        return options;
    }

    /** The last value given for an option such as {@code -Xmx} or {@code -XX:MaxMetaspaceSize=}: the launcher's rule. */
    Optional<String> value(String prefix) {
        List<String> options = options();
        for (int i = options.size() - 1; i >= 0; i--) {
            if (options.get(i).startsWith(prefix)) {
                return Optional.of(options.get(i).substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /** A size option in bytes, such as {@code -Xmx48m} read with the prefix {@code -Xmx}. */
    long bytes(String prefix) {
        return size(value(prefix).orElseThrow(() -> new AssertionError("no " + prefix + " in the JVM options")));
    }

    /** Whether every option line has a comment of its own: on the line itself, or on the line just above it. */
    boolean everyOptionHasAComment() {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean trailing = line.contains(" #");
            boolean above = i > 0 && lines.get(i - 1).trim().startsWith("#");
            if (!trailing && !above) {
                return false;
            }
        }
        return true;
    }

    /** A size as the JVM writes it, such as {@code 48m}, in bytes. */
    static long size(String size) {
        String value = size.toLowerCase(Locale.ROOT);
        long unit = switch (value.charAt(value.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        return Long.parseLong(digits) * unit;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf('#');
        return (hash < 0 ? line : line.substring(0, hash)).trim();
    }
}
