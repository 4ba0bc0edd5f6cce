package dev.pollux.handler.cgi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** CGI settings: server-wide defaults, per-capsule overrides, and bad settings that fail startup naming the property. */
class CgiConfigurationTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() {
        return PolluxContextRunner.runner(directory)
                .withPropertyValues("pollux.capsules[0].hostname=a.example", "pollux.capsules[0].root=" + directory,
                        "pollux.capsules[1].hostname=b.example", "pollux.capsules[1].root=" + directory);
    }

    private static CgiSettings settings(ApplicationContext context, String hostname) {
        return context.getBean(CapsuleRegistry.class).find(hostname).orElseThrow().policy(CgiSettings.POLICY);
    }

    @Test
    void isOffByDefaultWithJetforcesDirectoryAndSafeLimits() {
        runner().run(context -> {
            CgiSettings a = settings(context, "a.example");
            assertThat(a).isEqualTo(new CgiSettings(false, List.of("cgi-bin"), Duration.ofSeconds(30), 16,
                    "/usr/local/bin:/usr/bin:/bin", Map.of()));
        });
    }

    @Test
    void letsEachCapsuleOverrideTheServerWideSettings() {
        runner().withPropertyValues("pollux.cgi.enabled=true", "pollux.cgi.timeout=5s", "pollux.cgi.max-concurrent=8",
                        "pollux.cgi.environment.SHARED=1", "pollux.cgi.environment.WHO=server",
                        "pollux.capsules[1].cgi.enabled=false", "pollux.capsules[1].cgi.directory=bin/scripts/",
                        "pollux.capsules[1].cgi.timeout=2s", "pollux.capsules[1].cgi.max-concurrent=3",
                        "pollux.capsules[1].cgi.path=/opt/bin", "pollux.capsules[1].cgi.environment.WHO=capsule")
                .run(context -> {
                    assertThat(settings(context, "a.example")).isEqualTo(new CgiSettings(true, List.of("cgi-bin"), Duration.ofSeconds(5), 8,
                            "/usr/local/bin:/usr/bin:/bin", Map.of("SHARED", "1", "WHO", "server")));
                    assertThat(settings(context, "b.example")).isEqualTo(new CgiSettings(false, List.of("bin", "scripts"), Duration.ofSeconds(2), 3,
                            "/opt/bin", Map.of("SHARED", "1", "WHO", "capsule")));
                });
    }

    @Test
    void failsStartupOnACgiDirectoryOutsideTheRoot() {
        assertStartupFails("pollux.capsules[1].cgi.directory", "pollux.capsules[1].cgi.directory=../elsewhere");
        assertStartupFails("pollux.cgi.directory", "pollux.cgi.directory=/usr/lib/cgi-bin");
    }

    @Test
    void failsStartupOnABadTimeoutOrBound() {
        assertStartupFails("pollux.cgi.timeout", "pollux.cgi.timeout=0s");
        assertStartupFails("pollux.capsules[0].cgi.timeout", "pollux.capsules[0].cgi.timeout=-1s");
        assertStartupFails("maxConcurrent", "pollux.cgi.max-concurrent=0");
    }

    @Test
    void failsStartupOnAnInvalidVariableName() {
        assertStartupFails("pollux.capsules[0].cgi.environment", "pollux.capsules[0].cgi.environment[NOT-A-NAME]=x");
    }

    @Test
    void killsRunningScriptsOnShutdown() throws Exception {
        Path root = CgiTestScripts.create(directory.resolve("content"));
        Path data = directory.resolve("content/data");
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            long[] pids = new long[2];
            runner().withPropertyValues("pollux.capsules[0].root=" + root, "pollux.cgi.enabled=true", "pollux.cgi.timeout=60s",
                            "pollux.cgi.environment.TEST_DATA_DIR=" + data)
                    .run(context -> {
                        int port = context.getBean(GeminiServer.class).port();
                        client.submit(() -> new GeminiTestClient(port).get("gemini://a.example:" + port + "/cgi-bin/hang.sh?shutdown"));
                        pids[0] = ScriptProcesses.pid(data, "shutdown");
                        pids[1] = ScriptProcesses.pid(data, "shutdown-child");
                    });
            ScriptProcesses.assertGone(pids[0], ScriptProcesses.DEADLINE);
            ScriptProcesses.assertGone(pids[1], ScriptProcesses.DEADLINE);
        } finally {
            client.shutdownNow();
        }
    }

    private void assertStartupFails(String expectedText, String... properties) {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {expectedText}, properties);
    }
}
