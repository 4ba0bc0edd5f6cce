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

import org.springframework.context.SmartLifecycle;

/**
 * Hot reload of configured files: {@link #poll()} every interval on a daemon thread of its own, never an event loop,
 * from start to stop. Contents are compared ({@link #stamp(Path)}), not modification times or file events: rotated
 * Kubernetes Secrets swap symbolic links, which defeats both.
 */
abstract class FilePoller implements SmartLifecycle {

    private final Duration interval;
    private final String threadName;
    private ScheduledExecutorService executor;

    /** A zero or negative {@code interval} turns polling off. */
    FilePoller(Duration interval, String threadName) {
        this.interval = interval;
        this.threadName = threadName;
    }

    /** Looks at the files once, reloading what changed. */
    abstract void poll();

    /** Whether there is anything to watch at all. */
    boolean watchesFiles() {
        return true;
    }

    @Override
    public synchronized void start() {
        if (!watchesFiles() || interval.isZero() || interval.isNegative()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
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
