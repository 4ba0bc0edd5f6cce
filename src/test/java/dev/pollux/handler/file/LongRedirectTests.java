package dev.pollux.handler.file;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A redirect built from a request near the 1024-byte limit can be longer than a header may be. Found by
 * StaticFileFuzzTests: the server answered {@code 40 Internal server error} and logged a stack trace at WARN,
 * for any client that asked for a directory without its slash and with a long query.
 */
class LongRedirectTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() throws Exception {
        Path root = Files.createDirectories(directory.resolve("capsule/docs"));
        return PolluxContextRunner.runner(directory).withPropertyValues(
                "pollux.capsules[0].hostname=localhost",
                "pollux.capsules[0].root=" + root.getParent(),
                "pollux.capsules[0].rules[0].path=/old/(.*)",
                "pollux.capsules[0].rules[0].redirect=/new/$1");
    }

    @Test
    void aDirectoryRedirectThatWouldPassTheLimitIsABadRequest() throws Exception {
        runner().run(context -> {
            int port = context.getBean(GeminiServer.class).port();
            String base = "gemini://localhost:" + port + "/docs?";
            String atTheLimit = base + "q".repeat(1024 - base.length());
            GeminiTestClient client = new GeminiTestClient(port);

            assertThat(client.get(atTheLimit).header()).isEqualTo("59 Redirect target too long\r\n");
            assertThat(client.get(atTheLimit.substring(0, 1023)).header())
                    .isEqualTo("31 gemini://localhost:" + port + "/docs/" + atTheLimit.substring(base.length() - 1, 1023) + "\r\n");
        });
    }

    @Test
    void aRuleRedirectWhoseEscapesPassTheLimitIsABadRequest() throws Exception {
        runner().run(context -> {
            int port = context.getBean(GeminiServer.class).port();
            String grows = "gemini://localhost:" + port + "/old/" + "é".repeat(300);

            assertThat(new GeminiTestClient(port).get(grows).header()).isEqualTo("59 Redirect target too long\r\n");
        });
    }
}
