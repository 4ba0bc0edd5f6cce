package dev.pollux.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pollux.server.ConnectionEvents;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.PolluxContextRunner;
import dev.pollux.support.ResumingClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real servers on loopback, as two replicas behind one Service: with one ticket-key file they resume each other's
 * TLS sessions; without it, each resumes only its own. The client offers its latest session to whichever server it
 * reaches ({@link ResumingClient}); the servers count what they resumed.
 */
class SessionTicketSharingTests {

    @TempDir
    Path directory;

    /** Counts the resumed handshakes of one server. */
    static final class Resumptions implements ConnectionEvents {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void resumed() {
            count.incrementAndGet();
        }
    }

    private ApplicationContextRunner runner(String... properties) throws IOException {
        Files.createDirectories(directory.resolve("content"));
        Files.writeString(directory.resolve("content/index.gmi"), "# Replica\n");
        return PolluxContextRunner.runner(directory)
                .withBean(Resumptions.class, Resumptions::new)
                .withPropertyValues("pollux.capsules[0].hostname=localhost", "pollux.capsules[0].root=" + directory.resolve("content"),
                        "pollux.tls.reload-interval=0s")
                .withPropertyValues(properties);
    }

    private Path writeKeys(String name, int count) throws IOException {
        StringBuilder lines = new StringBuilder("# ticket keys, the first encrypts\n");
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[SessionTicketKeys.KEY_BYTES];
            random.nextBytes(key);
            lines.append(Base64.getEncoder().encodeToString(key)).append('\n');
        }
        return Files.writeString(directory.resolve(name), lines);
    }

    private static int port(ApplicationContext server) {
        return server.getBean(GeminiServer.class).port();
    }

    private static int resumed(ApplicationContext server) {
        return server.getBean(Resumptions.class).count.get();
    }

    @Test
    void serversSharingTheKeyFileResumeEachOthersSessions() throws Exception {
        ApplicationContextRunner replicas = runner("pollux.tls.session-ticket-keys=" + writeKeys("ticket-keys", 2));
        try (ResumingClient client = new ResumingClient()) {
        replicas.run(first -> replicas.run(second -> {
            assertThat(client.get(port(first))).isEqualTo("20 text/gemini\r\n");
            assertThat(resumed(first)).as("a first visit is a full handshake").isZero();
            for (int round = 1; round <= 2; round++) {
                assertThat(client.get(port(second))).isEqualTo("20 text/gemini\r\n");
                assertThat(resumed(second)).as("the other replica's session, resumed").isEqualTo(round);
                assertThat(client.get(port(first))).isEqualTo("20 text/gemini\r\n");
                assertThat(resumed(first)).isEqualTo(round);
            }
        }));
        }
    }

    @Test
    void withoutSharedKeysEachServerResumesOnlyItsOwnSessions() throws Exception {
        ApplicationContextRunner replicas = runner();
        try (ResumingClient client = new ResumingClient()) {
        replicas.run(first -> replicas.run(second -> {
            client.get(port(first));
            client.get(port(first));
            assertThat(resumed(first)).as("the client does resume").isEqualTo(1);
            assertThat(client.get(port(second))).isEqualTo("20 text/gemini\r\n");
            assertThat(resumed(second)).as("a session of the other server: a full handshake").isZero();
        }));
        }
    }

    @Test
    void rotatedKeysReplaceTheOldOnesWithoutARestart() throws Exception {
        Path keys = writeKeys("ticket-keys", 1);
        try (ResumingClient client = new ResumingClient()) {
        runner("pollux.tls.session-ticket-keys=" + keys).run(server -> {
            client.get(port(server));
            client.get(port(server));
            assertThat(resumed(server)).isEqualTo(1);
            Files.move(writeKeys("next-keys", 1), keys, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            server.getBean(TicketKeyReloader.class).check();
            client.get(port(server));
            assertThat(resumed(server)).as("a ticket under a key no longer listed: a full handshake").isEqualTo(1);
            client.get(port(server));
            assertThat(resumed(server)).as("a ticket under the new key").isEqualTo(2);
        });
        }
    }

    @Test
    void aKeyFileThatCannotWorkStopsStartupNamingTheSetting() throws Exception {
        Path shortKey = Files.writeString(directory.resolve("short"), Base64.getEncoder().encodeToString(new byte[32]) + "\n");
        PolluxContextRunner.assertStartupFails(runner(), new String[] {"pollux.tls.session-ticket-keys", "line 1 holds 32 bytes, not 48"},
                "pollux.tls.session-ticket-keys=" + shortKey);
        PolluxContextRunner.assertStartupFails(runner(), new String[] {"pollux.tls.session-ticket-keys", "cannot read"},
                "pollux.tls.session-ticket-keys=" + directory.resolve("missing"));
    }
}
