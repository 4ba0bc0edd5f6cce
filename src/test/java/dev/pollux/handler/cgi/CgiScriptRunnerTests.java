package dev.pollux.handler.cgi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.pollux.protocol.GeminiResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/** The concurrency permit follows the script's whole session, not just the script's own process. */
class CgiScriptRunnerTests {

    @TempDir
    Path base;

    final CgiScriptRunner runner = new CgiScriptRunner(Schedulers.newBoundedElastic(8, 64, "test-cgi"), Schedulers.boundedElastic());

    @AfterEach
    void close() {
        runner.close();
    }

    @Test
    void releasesThePermitOnlyOnceWhatTheScriptLeftRunningIsGone() throws Exception {
        Path script = CgiTestScripts.create(base).resolve("cgi-bin/orphan.sh").toRealPath();
        Path data = base.resolve("data").toRealPath();
        CompletableFuture<Boolean> orphanGoneAtRelease = new CompletableFuture<>();
        Runnable releasePermit = () -> orphanGoneAtRelease.complete(ScriptProcesses.isGone(ScriptProcesses.pid(data, "held")));

        GeminiResponse response = runner.run(script, "orphan.sh",
                        Map.of("PATH", "/usr/bin:/bin", "TEST_DATA_DIR", data.toString(), "QUERY_STRING", "held"),
                        Duration.ofSeconds(10), releasePermit)
                .block(ScriptProcesses.DEADLINE);

        assertThat(response.header().meta()).isEqualTo("text/plain");
        String body = response.body().map(StandardCharsets.UTF_8::decode).map(CharSequence::toString)
                .collect(Collectors.joining()).block(ScriptProcesses.DEADLINE);
        assertThat(body).isEqualTo("left one behind");
        assertThat(Files.exists(data.resolve("held.pid"))).isTrue();
        assertThat(orphanGoneAtRelease.get(ScriptProcesses.DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
}
