package dev.pollux.titan;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;

import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * An upload to a full disk: a capsule root on a 256 KiB tmpfs. The write fails part way, the client is answered
 * {@code 40}, the file it would have replaced is intact and no temporary file is left. Mounting needs root with
 * CAP_SYS_ADMIN (a CI container usually has neither): elsewhere the class is skipped.
 */
@SpringBootTest
class TitanDiskFullTests {

    private static final String OLD = "# The old page\n";

    @TempDir
    static Path base;

    static Path root;
    static boolean mounted;

    @Autowired
    GeminiServer server;

    @BeforeAll
    static void mountASmallFileSystem() throws Exception {
        root = Files.createDirectories(base.resolve("root"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", root.toString())
                .redirectErrorStream(true).start();
        mount.getInputStream().readAllBytes();
        mounted = mount.waitFor() == 0;
        assumeThat(mounted).as("mounting a tmpfs needs root with CAP_SYS_ADMIN").isTrue();
        Files.createDirectories(root.resolve("notes"));
        Files.writeString(root.resolve("notes/page.gmi"), OLD);
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", root.toString()).inheritIO().start().waitFor();
        }
    }

    @DynamicPropertySource
    static void capsule(DynamicPropertyRegistry registry) {
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.capsules[0].titan.enabled", () -> "true");
        registry.add("pollux.capsules[0].titan.paths", () -> "/notes/");
        registry.add("pollux.capsules[0].titan.token", () -> "t");
    }

    @Test
    void aFullDiskAnswers40AndLeavesTheOldFileWhole() throws Exception {
        byte[] large = new byte[512 * 1024];
        Arrays.fill(large, (byte) 'x');
        assertThat(upload("/notes/page.gmi", large)).isEqualTo("40 Could not write the file\r\n");
        assertThat(Files.readString(root.resolve("notes/page.gmi"))).isEqualTo(OLD);
        try (Stream<Path> files = Files.list(root.resolve("notes"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("page.gmi");
        }
        // the space the failed write took is free again
        assertThat(upload("/notes/page.gmi", "# New\n".getBytes(StandardCharsets.UTF_8))).startsWith("30 ");
        assertThat(Files.readString(root.resolve("notes/page.gmi"))).isEqualTo("# New\n");
    }

    /**
     * Sends the upload while reading the answer: a server that fails part way answers and closes before the rest of the body
     * is sent, which a client still writing sees as a broken pipe.
     */
    private String upload(String path, byte[] body) throws Exception {
        byte[] line = ("titan://localhost:" + server.port() + path + ";token=t;size=" + body.length + "\r\n").getBytes(StandardCharsets.UTF_8);
        try (SSLSocket socket = new GeminiTestClient(server.port()).serverName("localhost").connect()) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(line);
                    out.write(body);
                    out.flush();
                } catch (IOException answeredEarly) {
                    // the answer is what counts
                }
            });
            writer.start();
            String header = new GeminiResponseBytes(GeminiTestClient.readAll(socket.getInputStream()), null).header();
            writer.join();
            return header;
        }
    }
}
