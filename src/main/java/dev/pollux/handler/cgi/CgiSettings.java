package dev.pollux.handler.cgi;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.pollux.capsule.PolicyKey;
import dev.pollux.config.CapsuleCgiProperties;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.CgiProperties;
import dev.pollux.config.InvalidConfigurationException;

/**
 * One capsule's effective CGI settings: its own {@code pollux.capsules[N].cgi.*} where set, the
 * server-wide {@code pollux.cgi.*} otherwise. Checked once at startup.
 *
 * @param enabled       scripts run for this capsule
 * @param directory     the CGI directory's path segments, relative to the capsule root
 * @param timeout       silence allowed before the header
 * @param maxConcurrent scripts of this capsule running at once
 * @param path          {@code PATH} for scripts
 * @param environment   extra variables for scripts
 */
public record CgiSettings(
        boolean enabled,
        List<String> directory,
        Duration timeout,
        int maxConcurrent,
        String path,
        Map<String, String> environment) {

    public static final PolicyKey<CgiSettings> POLICY = PolicyKey.of("cgi", CgiSettings.class);

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public CgiSettings {
        directory = List.copyOf(directory);
        environment = Map.copyOf(environment);
    }

    /** Server-wide settings merged with one capsule's overrides; {@code prefix} names the capsule's properties in errors. */
    public static CgiSettings of(CgiProperties server, CapsuleProperties capsule, String prefix) {
        CapsuleCgiProperties own = capsule.cgi();
        String cgiPrefix = prefix + ".cgi";
        boolean enabled = own.enabled() != null ? own.enabled() : server.enabled();
        String directory = own.directory() != null ? own.directory() : server.directory();
        String directoryProperty = own.directory() != null ? cgiPrefix + ".directory" : "pollux.cgi.directory";
        Duration timeout = own.timeout() != null ? own.timeout() : server.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigurationException(cgiPrefix + ".timeout", "must be positive, was " + timeout);
        }
        int maxConcurrent = own.maxConcurrent() != null ? Math.min(own.maxConcurrent(), server.maxConcurrent()) : server.maxConcurrent();
        String path = own.path() != null ? own.path() : server.path();
        Map<String, String> environment = new LinkedHashMap<>(server.environment());
        environment.putAll(own.environment());
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            if (!VARIABLE_NAME.matcher(variable.getKey()).matches() || variable.getValue().indexOf('\0') >= 0) {
                throw new InvalidConfigurationException(
                        own.environment().containsKey(variable.getKey()) ? cgiPrefix + ".environment" : "pollux.cgi.environment",
                        "'" + variable.getKey() + "' is not a valid environment variable");
            }
        }
        return new CgiSettings(enabled, segments(directoryProperty, directory), timeout, maxConcurrent, path, environment);
    }

    /** The directory as path segments: relative, without "." or ".." or empty names. */
    private static List<String> segments(String property, String directory) {
        Path relative;
        try {
            relative = Path.of(directory.trim());
        } catch (InvalidPathException e) {
            throw new InvalidConfigurationException(property, "is not a path: " + e.getReason());
        }
        if (directory.isBlank() || relative.isAbsolute()) {
            throw new InvalidConfigurationException(property, "must be a directory relative to the capsule root, was '" + directory + "'");
        }
        List<String> segments = new ArrayList<>();
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..") || name.contains("\\")) {
                throw new InvalidConfigurationException(property, "must stay inside the capsule root, was '" + directory + "'");
            }
            segments.add(name);
        }
        if (segments.isEmpty()) {
            throw new InvalidConfigurationException(property, "must name a directory inside the capsule root, was '" + directory + "'");
        }
        return segments;
    }
}
