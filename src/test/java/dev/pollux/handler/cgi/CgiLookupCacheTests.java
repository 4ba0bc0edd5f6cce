package dev.pollux.handler.cgi;

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

/**
 * Paths found outside the CGI directory are remembered for the freshness bound, with the clock moved by hand: a
 * symbolic link made into the directory meanwhile never serves a script's source (static files withhold it), and
 * runs the script once the bound has passed. Files next to the CGI directory are served as before.
 */
@SpringBootTest
@Import(FileCacheTime.class)
class CgiLookupCacheTests {

    private static final Duration FRESHNESS = FileCacheTime.FRESHNESS;
    private static final MutableTicker ticker = FileCacheTime.TICKER;
    private static final String SCRIPT = "#!/bin/sh\nprintf '20 text/plain\\r\\nran\\n'\n";

    @TempDir
    static Path base;

    static Path root;

    @Autowired
    GeminiServer server;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        root = Files.createDirectories(base.resolve("root"));
        Path scripts = Files.createDirectories(root.resolve("cgi-bin"));
        Files.writeString(scripts.resolve("hello"), SCRIPT);
        Files.setPosixFilePermissions(scripts.resolve("hello"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("page.gmi"), "# Page\n");
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.cgi.enabled", () -> "true");
    }

    @BeforeEach
    void startFresh() {
        FileCacheTime.startFresh();
    }

    @Test
    void aLinkMadeIntoTheCgiDirectoryNeverServesTheScriptsSourceAndRunsItPastTheBound() throws Exception {
        assertThat(get("/alias/hello").header()).isEqualTo("51 Not found\r\n");
        assertThat(get("/alias/").header()).isEqualTo("51 Not found\r\n");
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("cgi-bin"));

        GeminiResponseBytes remembered = get("/alias/hello");
        assertThat(remembered.header()).as("within the bound the path is still outside CGI, and static files withhold it")
                .isEqualTo("51 Not found\r\n");
        assertThat(remembered.bodyText()).doesNotContain("printf");
        assertThat(get("/alias/").header()).as("nor lists the directory").isEqualTo("51 Not found\r\n");

        ticker.advance(FRESHNESS);
        GeminiResponseBytes ran = get("/alias/hello");
        assertThat(ran.header()).isEqualTo("20 text/plain\r\n");
        assertThat(ran.bodyText()).isEqualTo("ran\n");
    }

    @Test
    void staticFilesWithholdTheCgiDirectoryWhateverPathReachesIt() throws Exception {
        Files.createSymbolicLink(root.resolve("scripts-too"), root.resolve("cgi-bin"));
        for (int i = 0; i < 2; i++) {
            // the second time from the remembered lookup, if any
            GeminiResponseBytes response = get("/cgi-bin/../scripts-too/hello");
            assertThat(response.bodyText()).doesNotContain("printf");
        }
        assertThat(get("/page.gmi").bodyText()).isEqualTo("# Page\n");
        assertThat(get("/page.gmi").bodyText()).as("remembered as outside CGI, served by static files").isEqualTo("# Page\n");
    }

    private GeminiResponseBytes get(String path) throws Exception {
        int port = server.port();
        return new GeminiTestClient(port).get("gemini://localhost:" + port + path);
    }
}
