package dev.pollux.server;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.pollux.support.ApplicationProcesses;
import dev.pollux.support.BlockingCalls;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.TestBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.blockhound.BlockHound;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BlockHound watches every Netty event-loop (and Reactor non-blocking) thread while real TLS requests
 * go through each handler: static files small and large, listings, redirects, capsule rules, client
 * certificate rules, rate limits, CGI, FastCGI through fcgiwrap on a Unix socket where fcgiwrap is installed
 * (.ci/run installs it), the reverse proxy (name resolution, TLS to the backend, header and body relayed, a
 * backend's garbage), and Titan uploads (a file written in chunks and deleted, a body on a script's stdin, a refusal).
 * Any blocking call on those threads is recorded and fails the test. Runs in a JVM of its own (see pom.xml), with
 * {@code RedisNonBlockingTests} for the shared rate-limit store.
 */
@SpringBootTest
class NonBlockingTests {

    static List<String> blockingCalls;

    @TempDir
    static Path base;

    static TestBackend backend;
    /** fcgiwrap, when installed: the FastCGI request is then part of the test. */
    static Process fcgiwrap;

    @Autowired
    GeminiServer server;

    @AfterAll
    static void stopFcgiwrap() {
        ApplicationProcesses.stop(fcgiwrap);
    }

    @BeforeAll
    static void watchEventLoops() {
        blockingCalls = BlockingCalls.watch();
    }

    @DynamicPropertySource
    static void capsule(DynamicPropertyRegistry registry) throws Exception {
        Files.writeString(base.resolve("index.gmi"), "# Non-blocking\n");
        Files.createDirectories(base.resolve("listing"));
        Files.writeString(base.resolve("listing/a.gmi"), "a");
        byte[] large = new byte[512 * 1024];
        new Random(7).nextBytes(large);
        Files.write(base.resolve("large.bin"), large);
        Files.createDirectories(base.resolve("members"));
        Files.writeString(base.resolve("members/index.gmi"), "members");
        Files.createDirectories(base.resolve("cgi-bin"));
        Path script = Files.writeString(base.resolve("cgi-bin/hello"), "#!/bin/sh\nprintf '20 text/plain\\r\\nhello\\n'\n");
        script.toFile().setExecutable(true);
        Files.writeString(base.resolve("cgi-bin/count"), "#!/bin/sh\nprintf '20 text/plain\\r\\n'\nwc -c\n").toFile().setExecutable(true);
        Files.createDirectories(base.resolve("uploads"));
        LoopbackServer.register(registry, base);
        registry.add("pollux.rate-limit", () -> "1000/m");
        registry.add("pollux.cgi.enabled", () -> "true");
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", base::toString);
        registry.add("pollux.capsules[0].rate-limits[0].path", () -> "/limited");
        registry.add("pollux.capsules[0].rate-limits[0].limit", () -> "1/h");
        registry.add("pollux.capsules[0].rules[0].path", () -> "/old/(.*)");
        registry.add("pollux.capsules[0].rules[0].redirect", () -> "/$1");
        registry.add("pollux.capsules[0].rules[1].path", () -> ".*\\.bin");
        registry.add("pollux.capsules[0].rules[1].mime-type", () -> "application/x-test");
        registry.add("pollux.capsules[0].client-certificates[0].path", () -> "/members/");
        registry.add("pollux.capsules[0].client-certificates[0].require", () -> "any");
        registry.add("pollux.capsules[0].titan.enabled", () -> "true");
        registry.add("pollux.capsules[0].titan.paths", () -> "/uploads/,/cgi-bin/count");
        registry.add("pollux.capsules[0].titan.token", () -> "t");
        registry.add("pollux.capsules[0].titan.allow-delete", () -> "true");
        backend = TestBackend.start();
        registry.add("pollux.capsules[0].proxies[0].path", () -> "/proxied/");
        registry.add("pollux.capsules[0].proxies[0].to", () -> "gemini://localhost:" + backend.port());
        registry.add("pollux.capsules[0].proxies[0].fingerprints[0]", backend::fingerprint);
        if (ApplicationProcesses.fcgiwrap().isPresent()) {
            Path socket = base.resolve("fcgiwrap.sock");
            fcgiwrap = ApplicationProcesses.startFcgiwrap(socket, Map.of("PATH", "/usr/bin:/bin"), 1);
            registry.add("pollux.capsules[0].fastcgi[0].path", () -> "/fcgi/hello");
            registry.add("pollux.capsules[0].fastcgi[0].address", () -> "unix:" + socket);
            registry.add("pollux.capsules[0].fastcgi[0].environment.SCRIPT_FILENAME", () -> script.toString());
        }
    }

    @AfterAll
    static void stopBackend() throws Exception {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void noHandlerBlocksAnEventLoopThread() throws Exception {
        int port = server.port();
        String origin = "gemini://localhost:" + port;
        GeminiTestClient client = new GeminiTestClient(port).serverName("localhost");
        assertThat(client.get(origin + "/").header()).isEqualTo("20 text/gemini\r\n");
        assertThat(client.get(origin + "/").bodyText()).as("from the small-file cache, on the event loop").isEqualTo("# Non-blocking\n");
        assertThat(client.get(origin + "/large.bin").body()).hasSize(512 * 1024);
        assertThat(client.get(origin + "/listing/").bodyText()).contains("a.gmi");
        assertThat(client.get(origin + "/listing").header()).startsWith("31 ");
        assertThat(client.get(origin + "/old/index.gmi").header()).startsWith("30 ");
        assertThat(client.get(origin + "/members/").header()).startsWith("60 ");
        assertThat(client.get(origin + "/cgi-bin/hello").bodyText()).isEqualTo("hello\n");
        if (fcgiwrap != null) {
            // fcgiwrap ends each line of a script's output with CRLF until an empty line
            assertThat(client.get(origin + "/fcgi/hello").bodyText()).isEqualTo("hello\r\n");
        }
        assertThat(client.get(origin + "/missing").header()).startsWith("51 ");
        client.get(origin + "/limited");
        assertThat(client.get(origin + "/limited").header()).startsWith("44 ");
        assertThat(client.send("garbage\r\n".getBytes()).header()).startsWith("59 ");
        assertThat(client.get(origin + "/proxied/x?q").bodyText()).isEqualTo("gemini://localhost:" + backend.port() + "/x?q");
        assertThat(client.get(origin + "/proxied/large").body()).hasSize(TestBackend.LARGE_BYTES);
        assertThat(client.get(origin + "/proxied/malformed").header()).isEqualTo("43 Backend sent an invalid header\r\n");
        byte[] upload = new byte[300 * 1024];
        new Random(9).nextBytes(upload);
        assertThat(client.send(titan("titan://localhost:" + port + "/uploads/u.bin;mime=application/octet-stream;token=t;size=", upload)).header())
                .isEqualTo("30 " + origin + "/uploads/u.bin\r\n");
        assertThat(client.get(origin + "/uploads/u.bin").body()).isEqualTo(upload);
        assertThat(client.send(titan("titan://localhost:" + port + "/uploads/u.bin;token=t;size=", new byte[0])).header()).startsWith("30 ");
        assertThat(client.send(titan("titan://localhost:" + port + "/cgi-bin/count;token=t;size=", upload)).bodyText().trim())
                .isEqualTo(String.valueOf(upload.length));
        // refused from its line: no body needed
        assertThat(client.send(("titan://localhost:" + port + "/uploads/big;token=t;size=" + 2 * 1024 * 1024 + "\r\n").getBytes(StandardCharsets.UTF_8))
                .header()).startsWith("59 ");
        assertThat(blockingCalls).isEmpty();
    }

    /** A Titan request: the line with the body's size, then the body. */
    private static byte[] titan(String lineWithoutSize, byte[] body) {
        byte[] line = (lineWithoutSize + body.length + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] request = Arrays.copyOf(line, line.length + body.length);
        System.arraycopy(body, 0, request, line.length, body.length);
        return request;
    }

    @Test
    void blockHoundIsWatching() {
        Throwable caught = reactor.core.publisher.Mono.fromCallable(() -> {
                    // a deliberate blocking file read on a non-blocking thread, for BlockHound to catch
                    try (FileInputStream in = new FileInputStream("/proc/self/stat")) {
                        return in.read(new byte[16]);
                    }
                })
                .subscribeOn(reactor.core.scheduler.Schedulers.parallel())
                .map(value -> (Throwable) null)
                .onErrorResume(error -> reactor.core.publisher.Mono.just(error))
                .block();
        assertThat(caught == null ? blockingCalls : List.of("thrown")).isNotEmpty();
        blockingCalls.removeIf(call -> call.contains("FileInputStream"));
    }
}
