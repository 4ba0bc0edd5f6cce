package dev.pollux.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Real application servers for gateway tests, started on loopback or on Unix sockets in temporary directories:
 * Debian's fcgiwrap, and the Python 3 (standard library only) test applications in {@code src/test/resources/gateway}.
 * Each is ended by its PID, with the processes it started.
 */
public final class ApplicationProcesses {

    private static final Duration START_DEADLINE = Duration.ofSeconds(20);

    private ApplicationProcesses() {
    }

    /** fcgiwrap's path, where Debian's package (or a local build) put it. */
    public static Optional<Path> fcgiwrap() {
        return executable("fcgiwrap", "/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin");
    }

    public static Optional<Path> python3() {
        return executable("python3", "/usr/bin", "/usr/local/bin");
    }

    /**
     * fcgiwrap on a Unix socket, with {@code environment} as its whole environment (its scripts inherit it),
     * {@code -f} (scripts' stderr as FCGI_STDERR records) and {@code workers} preforked processes.
     */
    public static Process startFcgiwrap(Path socket, Map<String, String> environment, int workers) {
        Path binary = fcgiwrap().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-f", "-c", String.valueOf(workers), "-s", "unix:" + socket)
                .redirectErrorStream(true)
                .redirectOutput(socket.resolveSibling(socket.getFileName() + ".log").toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = start(builder);
        await().atMost(START_DEADLINE).until(() -> Files.exists(socket) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("fcgiwrap exited at once with status " + process.exitValue());
        }
        return process;
    }

    /** A test application from {@code src/test/resources/gateway}, listening on {@code listen} (see each script's usage). */
    public static Process startPython(String script, String listen, Path directory) {
        Path copy = directory.resolve(script);
        try (InputStream source = ApplicationProcesses.class.getResourceAsStream("/gateway/" + script)) {
            Files.copy(source, copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(python3().orElseThrow().toString(), copy.toString(), listen, directory.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve(script + ".log").toFile());
        Process process = start(builder);
        Path ready = listen.startsWith("unix:") ? Path.of(listen.substring("unix:".length())) : directory.resolve("port");
        await().atMost(START_DEADLINE).until(() -> Files.exists(ready) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException(script + " exited at once with status " + process.exitValue());
        }
        return process;
    }

    /** The loopback port a Python test application wrote to {@code directory/port}. */
    public static int port(Path directory) {
        try {
            return Integer.parseInt(Files.readString(directory.resolve("port")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the process and every process it started, by PID. */
    public static void stop(Process process) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> family = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        family.forEach(ProcessHandle::destroyForcibly);
        family.forEach(handle -> handle.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> handle).join());
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> executable(String name, String... directories) {
        Stream<String> path = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"));
        return Stream.concat(Stream.of(directories), path)
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
