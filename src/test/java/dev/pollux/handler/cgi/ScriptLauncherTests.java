package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Both ways a script is started in a session of its own, on real processes: posix_spawn through
 * JNA ({@link SessionSpawner}, what this machine uses) and util-linux's setsid(1) (where the C library cannot).
 */
class ScriptLauncherTests {

    private static final Map<String, String> ENVIRONMENT = Map.of("GATEWAY_INTERFACE", "CGI/1.1", "PATH", "/usr/bin:/bin");

    @TempDir
    static Path directory;

    @BeforeAll
    static void thisMachineSpawnsNatively() {
        assertThat(Libc.unavailable()).isNull();
        assertThat(ScriptLauncher.forThisMachine().sessions()).isTrue();
    }

    static Stream<ScriptLauncher> launchers() {
        return Stream.of(ScriptLauncher.forThisMachine(), new ScriptLauncher(Path.of("/usr/bin/setsid")));
    }

    @ParameterizedTest
    @MethodSource("launchers")
    void theScriptLeadsASessionOfItsOwnWithExactlyItsEnvironmentInItsDirectory(ScriptLauncher launcher) throws Exception {
        Path script = script("session.sh", """
                read -r line
                echo "$line"
                pwd
                env | sort
                exec cat /proc/self/stat""");
        Path stdin = Files.writeString(directory.resolve("session.in"), "from stdin\n");

        Process process = launcher.start(script, ENVIRONMENT, stdin);
        List<String> lines = lines(process.getInputStream());

        assertThat(process.waitFor()).isZero();
        assertThat(lines.subList(0, 5)).containsExactly("from stdin", directory.toRealPath().toString(),
                "GATEWAY_INTERFACE=CGI/1.1", "PATH=/usr/bin:/bin", "PWD=" + directory.toRealPath());
        ProcessTable.Entry self = stat(process.pid(), lines.get(5));
        assertThat(self.session()).isEqualTo(process.pid());
    }

    @Test
    void theScriptGetsNoDescriptorOfTheServersAndDefaultSignals() throws Exception {
        Path script = script("clean.sh", """
                grep -E '^Sig(Blk|Ign)' /proc/self/status
                exec ls /proc/self/fd""");

        Process process = ScriptLauncher.forThisMachine().start(script, ENVIRONMENT, null);
        List<String> lines = lines(process.getInputStream());

        assertThat(process.waitFor()).isZero();
        assertThat(lines.get(0)).isEqualTo("SigBlk:\t0000000000000000");
        // none of the 31 standard signals ignored; glibc's posix_spawn leaves its two internal ones (32, 33) ignored,
        // and a program's C library installs its own handlers for them as it starts
        assertThat(lines.get(1)).startsWith("SigIgn:\t");
        assertThat(Long.parseLong(lines.get(1).substring("SigIgn:\t".length()), 16) & 0x7fffffffL).isZero();
        assertThat(lines.subList(2, lines.size())).containsExactly("0", "1", "2", "3"); // 3: the directory ls reads
    }

    @Test
    void aScriptWithoutAnInterpreterLineIsRunByTheShell() throws Exception {
        Path script = directory.resolve("no-interpreter.sh");
        Files.writeString(script, "echo \"shell: $0\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        Process process = ScriptLauncher.forThisMachine().start(script, ENVIRONMENT, null);

        assertThat(lines(process.getInputStream())).containsExactly("shell: " + script);
        assertThat(process.waitFor()).isZero();
    }

    @Test
    void whatCannotRunIsAnIOExceptionAndLeavesNoPipe() throws Exception {
        Path notExecutable = Files.writeString(directory.resolve("plain.txt"), "#!/bin/sh\necho no\n");
        long before = ScriptProcesses.openPipes();

        assertThatThrownBy(() -> ScriptLauncher.forThisMachine().start(notExecutable, ENVIRONMENT, null))
                .isInstanceOf(IOException.class).hasMessageContaining("error=13");
        assertThatThrownBy(() -> ScriptLauncher.forThisMachine().start(directory.resolve("missing.sh"), ENVIRONMENT, null))
                .isInstanceOf(IOException.class).hasMessageContaining("error=2");
        assertThat(ScriptProcesses.openPipes()).isEqualTo(before);
    }

    @Test
    void aNulInTheEnvironmentIsRefusedNotCut() throws Exception {
        Path script = script("nul.sh", "env");

        assertThatThrownBy(() -> ScriptLauncher.forThisMachine().start(script, Map.of("QUERY_STRING", "a\0b"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsExitStatusesAndDeathsBySignalAsJavaDoes() throws Exception {
        Process exits = ScriptLauncher.forThisMachine().start(script("exit3.sh", "exit 3"), ENVIRONMENT, null);
        Process killed = ScriptLauncher.forThisMachine().start(script("killed.sh", "kill -9 $$"), ENVIRONMENT, null);
        Process sleeps = ScriptLauncher.forThisMachine().start(script("sleeps.sh", "exec sleep 30"), ENVIRONMENT, null);

        assertThat(exits.waitFor()).isEqualTo(3);
        assertThat(killed.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(killed.exitValue()).isEqualTo(128 + 9);
        assertThat(sleeps.isAlive()).isTrue();
        assertThatThrownBy(sleeps::exitValue).isInstanceOf(IllegalThreadStateException.class);
        assertThat(sleeps.waitFor(50, TimeUnit.MILLISECONDS)).isFalse();
        sleeps.destroy();
        assertThat(sleeps.waitFor()).isEqualTo(128 + 15);
        sleeps.destroyForcibly(); // after the exit: signals nothing, as the PID may be another process's now
    }

    @Test
    void whatTheScriptWroteBeforeItsExitIsStillReadAfterItAndItsPipesAreClosedAtTheExit() throws Exception {
        long before = ScriptProcesses.openPipes();
        // 40,000 bytes: more than a read of the stream's buffer, less than a pipe holds
        Process process = ScriptLauncher.forThisMachine().start(script("wrote.sh", "head -c 40000 /dev/zero | tr '\\000' x; echo err >&2"),
                ENVIRONMENT, null);

        assertThat(process.waitFor()).isZero();
        assertThat(ScriptProcesses.openPipes()).isEqualTo(before);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("x".repeat(40_000));
        assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("err\n");
    }

    @Test
    void closingAStreamWhileAnotherThreadReadsItClosesTheDescriptorOnlyWhenTheReadReturns() throws Exception {
        long before = ScriptProcesses.openPipes();
        Process process = ScriptLauncher.forThisMachine().start(script("quiet.sh", "exec sleep 30"), ENVIRONMENT, null);
        InputStream stdout = process.getInputStream();
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.read();
            } catch (IOException e) {
                return -2;
            }
        });
        await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(20)).until(() -> threadBlockedInRead());

        stdout.close();
        assertThat(ScriptProcesses.openPipes()).isEqualTo(before + 2); // both pipes still open (stdout is being read; stderr waits for the exit)
        process.destroyForcibly();

        assertThat(read.get(20, TimeUnit.SECONDS)).isEqualTo(-1); // the script's end ended the read
        process.waitFor();
        await().atMost(Duration.ofSeconds(20)).until(() -> ScriptProcesses.openPipes() == before);
        assertThatThrownBy(stdout::read).isInstanceOf(IOException.class).hasMessage("Stream closed");
    }

    private static boolean threadBlockedInRead() {
        return Thread.getAllStackTraces().entrySet().stream()
                .anyMatch(entry -> Arrays.stream(entry.getValue()).anyMatch(frame -> frame.getClassName().equals(PipeInputStream.class.getName())));
    }

    private static Path script(String name, String body) throws IOException {
        Path script = directory.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script.toRealPath();
    }

    private static List<String> lines(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }

    private static ProcessTable.Entry stat(long pid, String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        return Objects.requireNonNull(ProcessTable.parse(pid, bytes, bytes.length));
    }
}
