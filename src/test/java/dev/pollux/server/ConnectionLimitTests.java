package dev.pollux.server;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The server-wide connection limit, enforced at accept: a connection over it is closed before any TLS. */
class ConnectionLimitTests {

    @TempDir
    Path directory;

    @Test
    void closesConnectionsOverTheServerWideLimitAtAccept() {
        PolluxContextRunner.runner(directory).withPropertyValues("pollux.server.max-connections=2").run(context -> {
            GeminiServer server = context.getBean(GeminiServer.class);
            int port = server.port();
            try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> server.openConnections() == 2);
                try (Socket third = new Socket("127.0.0.1", port)) {
                    third.setSoTimeout(30_000);
                    assertThat(third.getInputStream().read()).isEqualTo(-1);
                }
                assertThat(server.openConnections()).isEqualTo(2);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.openConnections() == 0);
        });
    }
}
