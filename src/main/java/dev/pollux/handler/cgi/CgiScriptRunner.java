package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.ResponseHeader;
import dev.pollux.protocol.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs one script and turns its output into a response. Starting the process and every read of its
 * output happen on the CGI scheduler, never on an event-loop thread. The header must come within the
 * timeout; the body then streams as the client reads it (each read waits for demand, so a script
 * that prints gigabytes is paused by its full pipe instead of being buffered).
 *
 * <p>Before the header, every failure answers {@code 42} and kills the script's session. After it, a
 * failure just ends the body. A client that leaves cancels the body, which kills the script.
 */
public final class CgiScriptRunner implements AutoCloseable {

    static final int BODY_CHUNK_BYTES = 32 * 1024;
    private static final Duration EXIT_WAIT = Duration.ofMillis(500);
    private static final int SHUTDOWN_WAIT_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(CgiScriptRunner.class);

    private final Scheduler processScheduler;
    private final Scheduler killScheduler;
    private final ScriptLauncher launcher;
    private final ScriptSessions sessions;
    private final Set<ScriptProcess> running = ConcurrentHashMap.newKeySet();

    /**
     * @param processScheduler bounded, and large enough for two blocked reads and a wait for the exit per running script;
     *                         owned by the runner, disposed by {@link #close()}
     * @param killScheduler    where scripts' sessions are swept (it reads /proc) and grace periods timed
     */
    public CgiScriptRunner(Scheduler processScheduler, Scheduler killScheduler) {
        this(processScheduler, killScheduler, ScriptLauncher.forThisMachine());
    }

    CgiScriptRunner(Scheduler processScheduler, Scheduler killScheduler, ScriptLauncher launcher) {
        this.processScheduler = processScheduler;
        this.killScheduler = killScheduler;
        this.launcher = launcher;
        this.sessions = new ScriptSessions(launcher.sessions() ? new ProcessTable() : null, killScheduler, processScheduler);
    }

    /**
     * Runs the script; {@code releasePermit} is called once, when its process and every process
     * it started are gone.
     *
     * @param scriptName the name used in logs
     */
    public Mono<GeminiResponse> run(Path executable, String scriptName, Map<String, String> environment, Duration timeout,
                                    Runnable releasePermit) {
        return run(executable, scriptName, environment, null, timeout, releasePermit);
    }

    /**
     * Runs the script with {@code stdin} as its standard input (null for none); {@code releasePermit} is called once, when its
     * process and every process it started are gone.
     *
     * @param scriptName the name used in logs
     */
    public Mono<GeminiResponse> run(Path executable, String scriptName, Map<String, String> environment, Path stdin, Duration timeout,
                                    Runnable releasePermit) {
        return Mono.defer(() -> {
            ScriptProcess script = new ScriptProcess(scriptName, launcher, sessions, killScheduler);
            running.add(script);
            script.over().whenComplete((ignored, failure) -> {
                running.remove(script);
                releasePermit.run();
            });
            AtomicBoolean answered = new AtomicBoolean();
            return Mono.fromCallable(() -> startAndReadHeader(script, executable, environment, stdin))
                    .subscribeOn(processScheduler)
                    .timeout(timeout)
                    .map(line -> respond(script, line, timeout))
                    .onErrorResume(failure -> Mono.just(failed(script, failure, timeout)))
                    .doOnNext(response -> answered.set(true))
                    // gone before the header; once answered, the body's own subscription owns the script
                    .doOnCancel(() -> {
                        if (!answered.get()) {
                            script.kill();
                        }
                    });
        });
    }

    /** One task on the CGI scheduler: start, hand stderr to its own reader, wait for the header. */
    private HeaderLine startAndReadHeader(ScriptProcess script, Path executable, Map<String, String> environment, Path stdin)
            throws IOException {
        Process process = script.start(executable, environment, stdin);
        InputStream stderr = process.getErrorStream();
        processScheduler.schedule(() -> ScriptErrorLog.drain(script.name(), stderr));
        return readHeader(script);
    }

    /** Empty when the output ends, or the pipe is closed because the script was killed meanwhile. */
    private static HeaderLine readHeader(ScriptProcess script) {
        Optional<byte[]> line;
        try {
            line = CgiHeaderParser.readLine(script.stdout());
        } catch (IOException e) {
            line = Optional.empty();
        }
        // output ended without a header: the exit status, if it comes soon, says why
        return new HeaderLine(line, line.isEmpty() ? script.exitValue(EXIT_WAIT) : null);
    }

    /** The first line, or empty with the exit status (null when unknown). */
    private record HeaderLine(Optional<byte[]> line, Integer exitStatus) {
    }

    private GeminiResponse respond(ScriptProcess script, HeaderLine headerLine, Duration timeout) {
        Optional<byte[]> line = headerLine.line();
        if (line.isEmpty()) {
            Integer exit = headerLine.exitStatus();
            log.warn("CGI script {} ended without a header{}", script.name(), exit == null ? "" : " (exit status " + exit + ")");
            script.kill();
            return GeminiResponse.refused(Status.CGI_ERROR, "Script failed", Reason.CGI_FAILED);
        }
        Optional<ResponseHeader> header = CgiHeaderParser.parse(line.get());
        if (header.isEmpty()) {
            log.warn("CGI script {} printed an invalid header", script.name());
            script.kill();
            return GeminiResponse.refused(Status.CGI_ERROR, "Script returned an invalid header", Reason.CGI_FAILED);
        }
        if (!header.get().status().isSuccess()) {
            closeQuietly(script.stdout());
            script.finish(timeout);
            return new GeminiResponse(header.get(), null);
        }
        return new GeminiResponse(header.get(), body(script, timeout));
    }

    /** Everything after the header, byte for byte, one read per unit of demand. */
    private Flux<ByteBuffer> body(ScriptProcess script, Duration grace) {
        InputStream stdout = script.stdout();
        // a response that is never written (the connection failed first) must not leave the script blocked on its pipe
        Disposable unwritten = killScheduler.schedule(script::kill, grace.toMillis(), TimeUnit.MILLISECONDS);
        return Flux.<ByteBuffer>generate(sink -> {
                    byte[] chunk = new byte[BODY_CHUNK_BYTES];
                    int read;
                    try {
                        read = stdout.read(chunk);
                    } catch (IOException e) {
                        // killed (the client left, which already ended the response) or a broken pipe: either way not a whole body
                        sink.error(e);
                        return;
                    }
                    if (read >= 0) {
                        sink.next(ByteBuffer.wrap(chunk, 0, read));
                    } else if (diedBySignal(script.exitValue(EXIT_WAIT))) {
                        // a crash or a kill mid-body: the client must see a cut response, not a complete short one
                        sink.error(new IOException(script.name() + " died by a signal after its header"));
                    } else {
                        sink.complete();
                    }
                })
                .subscribeOn(processScheduler)
                .doOnSubscribe(subscription -> unwritten.dispose())
                .doOnComplete(() -> script.finish(grace))
                .doOnError(e -> script.kill())
                .doOnCancel(script::kill);
    }

    /** Java reports a process killed by signal N as exit status 128 + N. */
    private static boolean diedBySignal(Integer exitStatus) {
        return exitStatus != null && exitStatus > 128;
    }

    private GeminiResponse failed(ScriptProcess script, Throwable failure, Duration timeout) {
        script.kill();
        if (failure instanceof TimeoutException) {
            log.warn("CGI script {} sent no header within {}; killed", script.name(), timeout);
            return GeminiResponse.refused(Status.CGI_ERROR, "Script timed out", Reason.CGI_TIMEOUT);
        }
        if (!(failure instanceof CancellationException)) {
            log.warn("CGI script {} could not run: {}", script.name(), failure.toString());
        }
        return GeminiResponse.refused(Status.CGI_ERROR, "Script failed", Reason.CGI_FAILED);
    }

    /**
     * Shutdown: kills every script still running and every process it started, waiting until they
     * are gone (at most {@value #SHUTDOWN_WAIT_SECONDS} s), and stops the scheduler.
     */
    @Override
    public void close() {
        running.forEach(ScriptProcess::kill);
        sessions.endAll(Duration.ofSeconds(SHUTDOWN_WAIT_SECONDS));
        processScheduler.dispose();
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // nothing to do: the process is being finished anyway
        }
    }
}
