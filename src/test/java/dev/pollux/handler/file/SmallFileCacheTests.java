package dev.pollux.handler.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import dev.pollux.server.GeminiServer;
import dev.pollux.support.FileCacheTime;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.MutableTicker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The small-file cache over real TLS, with its clock moved by hand: within the freshness bound a cached page is
 * served as it was; past it, a file changed, deleted, hidden or made unreadable is looked up again and served as it
 * is now; the bytes held never exceed the configured size.
 */
@SpringBootTest
@Import(FileCacheTime.class)
class SmallFileCacheTests {

    private static final Duration FRESHNESS = FileCacheTime.FRESHNESS;
    private static final MutableTicker ticker = FileCacheTime.TICKER;

    @TempDir
    static Path base;

    static Path root;

    @Autowired
    GeminiServer server;

    @Autowired
    StaticFileHandler files;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        root = Files.createDirectories(base.resolve("root"));
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.file-cache.max-size", () -> "100KB");
    }

    @BeforeEach
    void startFresh() {
        FileCacheTime.startFresh();
    }

    @Test
    void servesAChangedFileAtMostTheFreshnessBoundAfterItChanged() throws Exception {
        Files.writeString(root.resolve("changing.gmi"), "# First\n");
        assertThat(get("/changing.gmi").bodyText()).isEqualTo("# First\n");
        Files.writeString(root.resolve("changing.gmi"), "# Second\n");
        assertThat(get("/changing.gmi").bodyText()).as("within the bound: from memory").isEqualTo("# First\n");
        ticker.advance(FRESHNESS.minusMillis(1));
        assertThat(get("/changing.gmi").bodyText()).isEqualTo("# First\n");
        ticker.advance(Duration.ofMillis(1));
        assertThat(get("/changing.gmi").bodyText()).isEqualTo("# Second\n");
    }

    @Test
    void neverServesADeletedFilePastTheBound() throws Exception {
        Files.writeString(root.resolve("deleted.gmi"), "# Deleted\n");
        assertThat(get("/deleted.gmi").header()).startsWith("20 ");
        Files.delete(root.resolve("deleted.gmi"));
        ticker.advance(FRESHNESS);
        assertThat(get("/deleted.gmi").header()).isEqualTo("51 Not found\r\n");
    }

    @Test
    void neverServesAFileHiddenOrMovedOutOfTheRootPastTheBound() throws Exception {
        Files.writeString(root.resolve("hidden.gmi"), "# Hidden\n");
        Files.writeString(root.resolve("escaped.gmi"), "# Escaped\n");
        Files.writeString(base.resolve("outside.gmi"), "# Outside\n");
        assertThat(get("/hidden.gmi").header()).startsWith("20 ");
        assertThat(get("/escaped.gmi").header()).startsWith("20 ");
        Files.move(root.resolve("hidden.gmi"), root.resolve(".hidden.gmi"));
        Files.delete(root.resolve("escaped.gmi"));
        Files.createSymbolicLink(root.resolve("escaped.gmi"), base.resolve("outside.gmi"));
        ticker.advance(FRESHNESS);
        assertThat(get("/hidden.gmi").header()).isEqualTo("51 Not found\r\n");
        assertThat(get("/escaped.gmi").header()).isEqualTo("51 Not found\r\n");
    }

    @Test
    void neverServesAFileThatCannotBeReadPastTheBound() throws Exception {
        Files.writeString(root.resolve("special.gmi"), "# Special\n");
        assertThat(get("/special.gmi").header()).startsWith("20 ");
        Files.delete(root.resolve("special.gmi"));
        Files.createDirectory(root.resolve("special.gmi"));
        ticker.advance(FRESHNESS);
        assertThat(get("/special.gmi").header()).as("now a directory").startsWith("31 ");
    }

    @Test
    void neverServesAFileMadeUnreadablePastTheBound() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads any file whatever its mode").isNotEqualTo("root");
        Files.writeString(root.resolve("private.gmi"), "# Private\n");
        assertThat(get("/private.gmi").header()).startsWith("20 ");
        Files.setPosixFilePermissions(root.resolve("private.gmi"), PosixFilePermissions.fromString("---------"));
        ticker.advance(FRESHNESS);
        assertThat(get("/private.gmi").header()).isEqualTo("51 Not found\r\n");
    }

    @Test
    void holdsNoMoreThanItsSizeInBytes() throws Exception {
        String content = "x".repeat(30 * 1024);
        for (int i = 0; i < 8; i++) {
            Files.writeString(root.resolve("file" + i + ".txt"), content);
            assertThat(get("/file" + i + ".txt").bodyText()).isEqualTo(content);
        }
        assertThat(files.cachedBytes()).isPositive().isLessThanOrEqualTo(100 * 1024);
    }

    private GeminiResponseBytes get(String path) throws Exception {
        int port = server.port();
        return new GeminiTestClient(port).get("gemini://localhost:" + port + path);
    }
}
