package dev.pollux.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings of a systemd unit file, by section and key, each key with every value it was given. */
record SystemdUnit(Map<String, List<String>> settings) {

    static final Path FILE = Path.of("dist/pollux.service");

    static SystemdUnit read(Path file) {
        try {
            Map<String, List<String>> settings = new LinkedHashMap<>();
            String section = "";
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                    continue;
                }
                if (trimmed.startsWith("[")) {
                    section = trimmed.substring(1, trimmed.indexOf(']'));
                    continue;
                }
                int equals = trimmed.indexOf('=');
                settings.computeIfAbsent(section + "." + trimmed.substring(0, equals), key -> new ArrayList<>())
                        .add(trimmed.substring(equals + 1));
            }
            return new SystemdUnit(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last value of a setting in [Service], or null. */
    String service(String key) {
        List<String> values = settings.getOrDefault("Service." + key, List.of());
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** The command line, word by word (the unit quotes nothing). */
    List<String> execStart() {
        return Arrays.asList(service("ExecStart").split("\\s+"));
    }

    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String assignment : settings.getOrDefault("Service.Environment", List.of())) {
            environment.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
        }
        return environment;
    }

    List<String> successExitStatuses() {
        List<String> statuses = new ArrayList<>(List.of("0"));
        String configured = service("SuccessExitStatus");
        if (configured != null) {
            statuses.addAll(Arrays.asList(configured.split("\\s+")));
        }
        return statuses;
    }
}
