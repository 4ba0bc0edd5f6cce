package dev.pollux.handler.cgi;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.pollux.PolluxApplication;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Shutting the server down kills every script still running, with every process of its session. */
class CgiShutdownTests {

    @TempDir
    Path base;

    @Test
    void killsEverySessionOnShutdown() throws Exception {
        Path root = CgiTestScripts.create(base).toRealPath();
        Path data = base.resolve("data").toRealPath();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PolluxApplication.class)
                .run("--management.server.port=0", "--pollux.server.address=127.0.0.1", "--pollux.server.port=0",
                        "--pollux.server.drain-timeout=1s", "--pollux.tls.certificate-directory=" + base.resolve("certs"),
                        "--pollux.capsules[0].root=" + root, "--pollux.cgi.enabled=true", "--pollux.cgi.timeout=60s",
                        "--pollux.cgi.path=/usr/bin:/bin", "--pollux.cgi.environment.TEST_DATA_DIR=" + data)) {
            int port = context.getBean(GeminiServer.class).port();
            for (String script : List.of("hang-orphan.sh?first", "hang-escapee.sh?second")) {
                // the answer is whatever shutdown leaves of the connection: only the processes matter here
                clients.submit(() -> new GeminiTestClient(port).get("gemini://localhost:" + port + "/cgi-bin/" + script));
            }
            for (String name : List.of("first", "first-orphan", "second", "second-child", "second-escapee")) {
                ScriptProcesses.pid(data, name);
            }
        }
        for (String name : List.of("first", "first-orphan", "second", "second-child", "second-escapee")) {
            ScriptProcesses.assertGone(ScriptProcesses.pid(data, name), ScriptProcesses.DEADLINE);
        }
        clients.shutdownNow();
    }
}
