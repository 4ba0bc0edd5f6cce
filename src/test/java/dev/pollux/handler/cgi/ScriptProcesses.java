package dev.pollux.handler.cgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** PID files that test scripts write, waiting for those processes to be gone, and the pipes left open. */
final class ScriptProcesses {

    static final Duration DEADLINE = Duration.ofSeconds(20);

    private ScriptProcesses() {
    }

    /** The PID in {@code directory/name.pid}, once the script has written it completely. */
    static long pid(Path directory, String name) {
        Path file = directory.resolve(name + ".pid");
        await().atMost(DEADLINE).until(() -> Files.exists(file) && Files.readString(file).endsWith("\n"));
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertGone(long pid, Duration within) {
        await().atMost(within).until(() -> isGone(pid));
    }

    /** Not running: no such process, or a zombie that only waits for its parent to collect it. */
    static boolean isGone(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    /** Pipes this JVM has open. Only pipes: other descriptors (sockets of contexts other tests left running) come and go. */
    static long openPipes() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("pipe:");
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }
}
