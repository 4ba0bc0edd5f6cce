package dev.pollux.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polling of configured files for hot reload, on a daemon thread of its own, never an event loop. Contents are
 * compared, not modification times or file events: rotated Kubernetes Secrets swap symbolic links, which defeats both.
 */
final class FilePolling {

    private FilePolling() {
    }

    /** Runs {@code check} every {@code interval} on a thread named {@code threadName}; shut the executor down to stop. */
    static ScheduledExecutorService every(Duration interval, String threadName, Runnable check) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return executor;
    }

    /** A digest of the file's contents (following links), or a marker when it cannot be read. */
    static String stamp(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable";
        }
    }
}
