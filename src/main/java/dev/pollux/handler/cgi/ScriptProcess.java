package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * One script's process from start to its end, and its concurrency permit. Ends in one of two ways:
 * {@link #kill()} (timeout, bad header, client gone, failure) destroys the process and all its
 * descendants at once; {@link #finish(Duration)} (the script has said all it had to say) lets it
 * exit on its own within a grace period, and kills it after that. The permit is released when the
 * process exits, however that happens, so the bound counts processes, not requests. Safe to call
 * from any thread.
 */
final class ScriptProcess {

    private static final Logger log = LoggerFactory.getLogger(ScriptProcess.class);

    private final String name;
    private final Runnable releasePermit;
    private final Scheduler killScheduler;
    private final AtomicBoolean released = new AtomicBoolean();
    private Process process;
    private boolean starting;
    private boolean closed;
    private boolean killed;

    /**
     * @param name          the script's name, for logs
     * @param releasePermit run exactly once, when the process is gone (or never started)
     * @param killScheduler where the process tree is looked up and destroyed (it reads /proc)
     */
    ScriptProcess(String name, Runnable releasePermit, Scheduler killScheduler) {
        this.name = name;
        this.releasePermit = releasePermit;
        this.killScheduler = killScheduler;
    }

    String name() {
        return name;
    }

    /** Blocking (fork and exec). Throws {@link CancellationException} when the request ended first. */
    Process start(ProcessBuilder builder) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new CancellationException("request ended before " + name + " started");
            }
            starting = true;
        }
        Process started;
        try {
            started = builder.start();
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                starting = false;
                closed = true;
            }
            release();
            throw e;
        }
        started.onExit().whenComplete((exited, failure) -> release());
        boolean cancelled;
        synchronized (this) {
            starting = false;
            process = started;
            cancelled = closed;
        }
        if (cancelled) {
            destroy(started);
            throw new CancellationException("request ended while " + name + " started");
        }
        return started;
    }

    InputStream stdout() {
        synchronized (this) {
            return process.getInputStream();
        }
    }

    /** Destroys the process and its descendants now. */
    void kill() {
        Process running;
        synchronized (this) {
            if (killed) {
                return;
            }
            killed = true;
            closed = true;
            running = process;
            if (running == null && starting) {
                return; // start() sees closed and destroys it
            }
        }
        if (running == null) {
            release();
        } else {
            destroy(running);
        }
    }

    /** Lets the process exit on its own within {@code grace}, then kills it and its descendants. */
    void finish(Duration grace) {
        Process running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = process;
        }
        if (running == null) {
            release();
            return;
        }
        running.onExit()
                .orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((exited, timeout) -> {
                    if (timeout != null) {
                        log.warn("CGI script {} still running {} after its output ended; killed", name, grace);
                        kill();
                    }
                });
    }

    /** The exit status once the process has ended, waiting at most {@code wait}; null if it is still running. Blocking. */
    Integer exitValue(Duration wait) {
        Process running;
        synchronized (this) {
            running = process;
        }
        try {
            if (running == null || !running.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return running.exitValue();
    }

    private void destroy(Process running) {
        killScheduler.schedule(() -> {
            List<ProcessHandle> descendants = running.descendants().toList();
            running.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        });
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            releasePermit.run();
        }
    }
}
