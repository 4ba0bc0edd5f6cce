package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No process a script starts outlives its request: each script leads a session of its own, and
 * when the script exits, times out or loses its client, every process of that session is killed,
 * including orphans and a grandchild that moved to a session of its own while its parent lived.
 * Over real TLS with real shell scripts; processes are checked by the PIDs the scripts write.
 */
@SpringBootTest
class CgiContainmentTests {

    @TempDir
    static Path base;

    static Path data;

    @Autowired
    GeminiServer server;

    int port;

    @DynamicPropertySource
    static void capsules(DynamicPropertyRegistry registry) throws IOException {
        Path root = CgiTestScripts.create(base).toRealPath();
        data = base.resolve("data").toRealPath();
        LoopbackServer.register(registry, base);
        registry.add("pollux.cgi.enabled", () -> "true");
        registry.add("pollux.cgi.timeout", () -> "10s");
        registry.add("pollux.cgi.path", () -> "/usr/bin:/bin");
        registry.add("pollux.cgi.environment.TEST_DATA_DIR", data::toString);
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.capsules[1].hostname", () -> "slow.example");
        registry.add("pollux.capsules[1].root", root::toString);
        registry.add("pollux.capsules[1].cgi.timeout", () -> "3s");
    }

    @BeforeEach
    void port() {
        port = server.port();
    }

    @Test
    void startsEachScriptAsTheLeaderOfItsOwnSessionAndAsTheServersChild() throws Exception {
        GeminiResponseBytes response = new GeminiTestClient(port).get("gemini://localhost:" + port + "/cgi-bin/session.sh");
        assertThat(response.header()).isEqualTo("20 text/plain\r\n");
        String[] ids = response.bodyText().split(" ");
        String pid = ids[0];
        // setsid(1) did not fork: the script is the process the server started
        assertThat(ids[1]).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
        assertThat(ids[2]).as("process group").isEqualTo(pid);
        assertThat(ids[3]).as("session").isEqualTo(pid);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"orphan", "orphan-holding-output"})
    void killsWhatAScriptLeavesRunningWhenItExits(String script) throws Exception {
        GeminiResponseBytes response = new GeminiTestClient(port).get("gemini://localhost:" + port + "/cgi-bin/" + script + ".sh?" + script);
        assertThat(response.header()).isEqualTo("20 text/plain\r\n");
        assertThat(response.bodyText()).isEqualTo("left one behind");
        assertGone(pid(script));
    }

    @Test
    void killsTheWholeSessionOnTimeoutWithAGrandchildThatCalledSetsid() throws Exception {
        GeminiResponseBytes response = new GeminiTestClient(port).get("gemini://slow.example:" + port + "/cgi-bin/hang-escapee.sh?escapee");
        assertThat(response.header()).isEqualTo("42 Script timed out\r\n");
        assertGone(pid("escapee"));
        assertGone(pid("escapee-child"));
        assertGone(pid("escapee-escapee"));
    }

    @Test
    void killsTheWholeSessionWhenTheClientLeavesDuringTheBody() throws Exception {
        try (SSLSocket socket = new GeminiTestClient(port).serverName("localhost").connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("gemini://localhost:" + port + "/cgi-bin/endless-family.sh?family\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(16 + 64 * 1024)).startsWith("20 text/plain\r\ny\ny\n".getBytes(StandardCharsets.UTF_8));
            // all three are running while the body streams
            assertThat(ScriptProcesses.isGone(pid("family-orphan"))).isFalse();
        }
        assertGone(pid("family"));
        assertGone(pid("family-child"));
        assertGone(pid("family-orphan"));
    }

    private static long pid(String name) {
        return ScriptProcesses.pid(data, name);
    }

    private static void assertGone(long pid) {
        ScriptProcesses.assertGone(pid, ScriptProcesses.DEADLINE);
    }
}
