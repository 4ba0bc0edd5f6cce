package dev.pollux.app.examples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.net.ssl.SSLSocket;

import dev.pollux.support.LoopbackServer;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.tls.ClientCertificate;
import dev.pollux.tls.SelfSignedCertificateGenerator;
import dev.pollux.tls.ServerCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The example applications over real TLS: guestbook (input, redirects, concurrent posts), members (certificates), clock (streaming). */
@SpringBootTest
class ExampleApplicationsTests {

    static final ServerCertificate ZOE = new SelfSignedCertificateGenerator(Clock.systemUTC()).generate("zoe.example");

    @TempDir
    static Path base;

    @Autowired
    GeminiServer server;

    @Autowired
    Guestbook guestbook;

    @Autowired
    ClockExample clock;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[1].hostname", () -> "other.example");
        registry.add("pollux.capsules[1].root", () -> base.toString());
        registry.add("pollux.examples.enabled", () -> "true");
        registry.add("pollux.examples.guestbook-directory", () -> base.resolve("guestbook").toString());
    }

    @Test
    void listsTheExamples() throws Exception {
        GeminiResponseBytes response = get("/examples/");
        assertThat(response.header()).isEqualTo("20 text/gemini\r\n");
        assertThat(response.bodyText()).contains("=> /examples/guestbook ", "=> /examples/members ", "=> /examples/clock ");
    }

    @Test
    void theGuestbookAsksForAnEntryStoresItDecodedAndRedirectsToTheList() throws Exception {
        assertThat(get("/examples/guestbook/sign").header()).isEqualTo("10 Your message for the guestbook\r\n");
        assertThat(get("/examples/guestbook/sign?%20%20").header()).isEqualTo("10 Your message for the guestbook\r\n");

        GeminiResponseBytes signed = get("/examples/guestbook/sign?hello%20w%C3%B6rld");

        assertThat(signed.header()).isEqualTo("30 gemini://localhost:" + server.port() + "/examples/guestbook\r\n");
        assertThat(Files.readAllLines(guestbook.file(), StandardCharsets.UTF_8)).contains("hello wörld");
        GeminiResponseBytes list = get("/examples/guestbook");
        assertThat(list.header()).isEqualTo("20 text/gemini\r\n");
        assertThat(list.bodyText()).startsWith("# Guestbook\n").contains("=> /examples/guestbook/sign ", "\n* hello wörld\n");
    }

    @Test
    void guestbookEntriesCannotAddLinesOrLinks() throws Exception {
        get("/examples/guestbook/sign?%3D%3E%20gemini://evil.example/%0A%23%20heading");
        assertThat(get("/examples/guestbook/").bodyText()).contains("\n* => gemini://evil.example/ # heading\n")
                .doesNotContain("\n=> gemini://evil.example/");
    }

    @Test
    void concurrentSignaturesAreAllKept() throws Exception {
        int posts = 50;
        ExecutorService clients = Executors.newFixedThreadPool(posts);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> headers = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                String entry = "concurrent%20" + i + "%20%C3%A9t%C3%A9";
                Callable<String> post = () -> {
                    start.await();
                    return get("/examples/guestbook/sign?" + entry).header();
                };
                headers.add(clients.submit(post));
            }
            start.countDown();
            for (Future<String> header : headers) {
                assertThat(header.get(60, TimeUnit.SECONDS)).startsWith("30 ");
            }
        } finally {
            clients.shutdownNow();
        }
        List<String> stored = Files.readAllLines(guestbook.file(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("concurrent ")).toList();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(IntStream.range(0, posts).mapToObj(i -> "concurrent " + i + " été").toList());
    }

    @Test
    void membersNeedAClientCertificate() throws Exception {
        GeminiResponseBytes response = get("/examples/members");
        assertThat(new String(response.all(), StandardCharsets.UTF_8)).isEqualTo("60 Members only: please present a client certificate\r\n");
    }

    @Test
    void membersAreGreetedByCommonNameAndFingerprint() throws Exception {
        GeminiResponseBytes response = new GeminiTestClient(server.port()).clientCertificate(ZOE.privateKey(), ZOE.leaf())
                .get(url("/examples/members"));
        assertThat(response.header()).isEqualTo("20 text/gemini\r\n");
        assertThat(response.bodyText()).isEqualTo("# Members\n\nWelcome, zoe.example!\n\nYour certificate's fingerprint is "
                + ClientCertificate.fingerprintOf(ZOE.leaf()) + ".\n");
    }

    @Test
    void theClockStreamsUntilTheClientDisconnects() throws Exception {
        long cancelledBefore = clock.cancelled();
        try (SSLSocket socket = new GeminiTestClient(server.port()).serverName("localhost").connect()) {
            OutputStream out = socket.getOutputStream();
            out.write((url("/examples/clock") + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("20 text/gemini");
            assertThat(in.readLine()).isEqualTo("# Clock");
            List<String> ticks = new ArrayList<>();
            while (ticks.size() < 2) {
                String line = in.readLine();
                assertThat(line).isNotNull();
                if (line.startsWith("* ")) {
                    ticks.add(line);
                }
            }
            assertThat(ticks).allMatch(tick -> tick.matches("\\* \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
            assertThat(clock.listening()).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(clock.listening()).isZero();
            assertThat(clock.cancelled()).isEqualTo(cancelledBefore + 1);
        });
    }

    @Test
    void theExamplesLiveOnlyOnTheDefaultCapsule() throws Exception {
        assertThat(new GeminiTestClient(server.port()).get("gemini://other.example:" + server.port() + "/examples/clock").header())
                .isEqualTo("51 Not found\r\n");
        assertThat(get("/examples/clock/extra").header()).isEqualTo("51 Not found\r\n");
    }

    private GeminiResponseBytes get(String path) throws Exception {
        return new GeminiTestClient(server.port()).get(url(path));
    }

    private String url(String path) {
        return "gemini://localhost:" + server.port() + path;
    }
}
