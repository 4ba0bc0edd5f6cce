package dev.pollux.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Pollux as an operator starts it: {@code dev.pollux.PolluxApplication} in a JVM of its own, with the test class
 * path, in a working directory of the test's. Startup failures are printed before Spring Boot has set up logging as
 * well as after, and a JVM of its own is the only place where the first kind looks as it does for the operator.
 * Everything listens on loopback ports chosen by the system.
 */
public final class PolluxProcess {

    /** The longest a failing startup may take before the test gives up on it; a guard, not a timing assertion. */
    private static final long EXIT_DEADLINE_SECONDS = 180;

    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|^Caused by: |^\\s+\\.\\.\\. \\d+ (common )?frames omitted");

    private final Path workingDirectory;
    /** By name ({@code --pollux.server.port}), so that a test's argument replaces a default one. */
    private final Map<String, String> arguments = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    private PolluxProcess(Path workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    /** In {@code workingDirectory}, on loopback, with generated certificates kept in {@code workingDirectory/certs}. */
    public static PolluxProcess in(Path workingDirectory) {
        return new PolluxProcess(workingDirectory).arguments("--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                "--management.server.address=127.0.0.1", "--management.server.port=0");
    }

    public PolluxProcess arguments(String... more) {
        for (String argument : more) {
            arguments.put(argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument, argument);
        }
        return this;
    }

    public PolluxProcess environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts Pollux, which must fail to start: its exit status is 1 and it printed one failure report, without a stack trace. */
    public Report failsToStart() {
        Path output = workingDirectory.resolve("pollux-output.txt");
        // C1 only and the serial collector: a JVM that lives for seconds starts in about half the time
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.pollux.PolluxApplication"));
        command.addAll(arguments.values());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("Pollux did not stop within " + EXIT_DEADLINE_SECONDS + " s; it printed:\n" + Files.readString(output));
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(printed).isEqualTo(1);
            return new Report(printed);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What a failed startup printed. */
    public record Report(String printed) {

        public Report {
            assertThat(printed).as("the failure report").containsOnlyOnce("APPLICATION FAILED TO START");
            assertThat(STACK_FRAME.matcher(printed).find()).as("a stack trace in:\n" + printed).isFalse();
            assertThat(printed).as("a repetition of the failure").doesNotContain("cancelling refresh attempt");
        }

        /** The report's description: for Pollux's own reports, the one line that names what to correct. */
        public String description() {
            return between("Description:", "Action:");
        }

        public String action() {
            return between("Action:", "\n\n");
        }

        private String between(String heading, String end) {
            int start = printed.indexOf(heading);
            assertThat(start).as(heading + " in:\n" + printed).isNotNegative();
            String rest = printed.substring(start + heading.length()).strip();
            int stop = rest.indexOf(end);
            return (stop < 0 ? rest : rest.substring(0, stop)).strip();
        }
    }
}
