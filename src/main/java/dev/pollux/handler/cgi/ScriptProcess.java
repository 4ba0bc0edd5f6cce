package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * One script's process, and its session, from start to end. Ends in one of two ways:
 * {@link #kill()} (timeout, bad header, client gone, failure) kills the script and every process
 * of its session at once; {@link #finish(Duration)} (the script has said all it had to say) lets
 * it exit on its own within a grace period, and kills it after that. Either way, whatever the
 * script leaves running once it has exited is killed, and the script is {@linkplain #over() over}
 * only when none of its processes is left. Safe to call from any thread; never blocks, except
 * {@link #start} and {@link #exitValue}.
 */
final class ScriptProcess {

    private static final Logger log = LoggerFactory.getLogger(ScriptProcess.class);

    private final String name;
    private final ScriptLauncher launcher;
    private final ScriptSessions sessions;
    private final Scheduler timers;
    private final CompletableFuture<Void> over = new CompletableFuture<>();
    private Process process;
    private ScriptSessions.Session session;
    private boolean starting;
    private boolean closed;
    private boolean killed;

    /**
     * @param name   the script's name, for logs
     * @param timers where the grace period of {@link #finish(Duration)} is timed
     */
    ScriptProcess(String name, ScriptLauncher launcher, ScriptSessions sessions, Scheduler timers) {
        this.name = name;
        this.launcher = launcher;
        this.sessions = sessions;
        this.timers = timers;
    }

    String name() {
        return name;
    }

    /** Completes once, when the script and all processes of its session are gone, or it never started. */
    CompletableFuture<Void> over() {
        return over;
    }

    /**
     * Blocking (fork and exec). Throws {@link CancellationException} when the request ended first.
     *
     * @param stdin the file the script reads as its stdin, or null for none
     */
    Process start(Path executable, Map<String, String> environment, Path stdin) throws IOException {
        synchronized (this) {
            if (closed) {
                throw new CancellationException("request ended before " + name + " started");
            }
            starting = true;
        }
        Process started;
        try {
            started = launcher.start(executable, environment, stdin);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                starting = false;
                closed = true;
            }
            over.complete(null);
            throw e;
        }
        ScriptSessions.Session opened = sessions.open(name, started);
        opened.over().whenComplete((ignored, failure) -> over.complete(null));
        boolean cancelled;
        synchronized (this) {
            starting = false;
            process = started;
            session = opened;
            cancelled = killed;
        }
        if (cancelled) {
            sessions.end(opened, true);
            throw new CancellationException("request ended while " + name + " started");
        }
        return started;
    }

    InputStream stdout() {
        synchronized (this) {
            return process.getInputStream();
        }
    }

    /** Kills the script and every process of its session now. */
    void kill() {
        ScriptSessions.Session running;
        synchronized (this) {
            if (killed) {
                return;
            }
            killed = true;
            closed = true;
            running = session;
            if (running == null && starting) {
                return; // start() sees killed and ends the session
            }
        }
        if (running == null) {
            over.complete(null);
        } else {
            sessions.end(running, true);
        }
    }

    /** Lets the script exit on its own within {@code grace}, then kills it and its session. */
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
            over.complete(null);
            return;
        }
        if (!running.isAlive()) {
            return; // its exit ends the session
        }
        Disposable timer = timers.schedule(() -> {
            if (running.isAlive()) {
                log.warn("CGI script {} still running {} after its output ended; killed", name, grace);
                kill();
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
        over.whenComplete((ignored, failure) -> timer.dispose());
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
}
