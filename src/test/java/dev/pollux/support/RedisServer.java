package dev.pollux.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's {@code redis-server}, started by a test on a free loopback port with nothing saved to disk, as the CGI tests
 * start real scripts. Stopped and started again on the same port to play an outage; ended by its own PID. Tests that
 * need it are skipped where it is not installed ({@code .ci/run} installs it).
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final List<Path> LOCATIONS = List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"),
            Path.of("/usr/sbin/redis-server"));

    private final Path executable;
    private final Path directory;
    private final int port;
    private Process process;

    private RedisServer(Path executable, Path directory, int port) {
        this.executable = executable;
        this.directory = directory;
        this.port = port;
    }

    /** Whether the tests can run here: Debian's redis-server is installed. */
    public static boolean installed() {
        return LOCATIONS.stream().anyMatch(Files::isExecutable);
    }

    /** Starts redis-server on a free loopback port, working in {@code directory}; skips the test when it is not installed. */
    public static RedisServer start(Path directory) throws IOException {
        assumeTrue(installed(), "redis-server is not installed (apt-get install redis-server; .ci/run installs it): skipping the Redis tests");
        Path executable = LOCATIONS.stream().filter(Files::isExecutable).findFirst().orElseThrow();
        RedisServer server = new RedisServer(executable, directory, freePort());
        server.start();
        return server;
    }

    public int port() {
        return port;
    }

    /** Starts it again on the same port after {@link #stop()}. */
    public void start() throws IOException {
        Files.createDirectories(directory);
        process = new ProcessBuilder(executable.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--protected-mode", "yes")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis-" + port + ".log").toFile())
                .start();
        await().atMost(DEADLINE).ignoreExceptions().until(() -> "+PONG".equals(command("PING")));
    }

    /** Ends the server by its PID and waits until it is gone and its port refuses connections. */
    public void stop() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        // a paused server would not see the SIGTERM until it went on
        new ProcessBuilder("kill", "-CONT", String.valueOf(process.pid())).start().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        handle.destroy();
        if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            handle.destroyForcibly();
            process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Stops the process without ending it (SIGSTOP): connections stay open and nothing is answered, as when Redis hangs. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** One inline command ({@code PING}, {@code DBSIZE}, {@code PTTL key}) and the first line of its answer. */
    public String command(String line) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            int next;
            while ((next = in.read()) >= 0 && next != '\r') {
                answer.append((char) next);
            }
            return answer.toString();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
