package dev.pollux.server;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.pollux.support.LoopbackServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.TestCapsuleContent;
import dev.pollux.tls.ServerCertificateStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The core server over real TLS sockets: framing, request validation, routing and static files. */
@SpringBootTest
class GeminiServerTests {

    @TempDir
    static Path base;

    @Autowired
    GeminiServer server;

    int port;

    @DynamicPropertySource
    static void capsule(DynamicPropertyRegistry registry) {
        Path root = TestCapsuleContent.create(base);
        LoopbackServer.register(registry, base);
        registry.add("pollux.server.request-timeout", () -> "3s");
        registry.add("pollux.mime-types.xyz", () -> "chemical/x-xyz");
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].aliases[0]", () -> "bücher.example");
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.capsules[0].lang", () -> "en");
        registry.add("pollux.capsules[0].charset", () -> "utf-8");
        registry.add("pollux.capsules[1].hostname", () -> "quiet.example");
        registry.add("pollux.capsules[1].root", () -> root.resolve("sub").toString());
        registry.add("pollux.capsules[1].directory-listing", () -> "false");
    }

    @BeforeEach
    void port() {
        port = server.port();
    }

    private GeminiResponseBytes get(String path) throws Exception {
        return new GeminiTestClient(port).get("gemini://localhost:" + port + path);
    }

    private GeminiResponseBytes send(String raw) throws Exception {
        return send(raw.replace("PORT", String.valueOf(port)).getBytes(StandardCharsets.UTF_8));
    }

    private GeminiResponseBytes send(byte[] raw) throws Exception {
        return new GeminiTestClient(port).serverName("localhost").send(raw);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "'\\r\\n'                                          | 59 Empty request",
            "'gemini://localhost:PORT/\\n'                     | 59 Request must end with CRLF",
            "'\\u0000gemini://localhost:PORT/\\r\\n'            | 59 Control character in request",
            "'gemini://localhost:PORT/a\\tb\\r\\n'              | 59 Control character in request",
            "'gemini://localhost:PORT/%00\\r\\n'                | 59 NUL in request",
            "'gemini://localhost:PORT/a%0Ab\\r\\n'              | 59 Control character in path",
            "'gemini://localhost:PORT/%FF\\r\\n'                | 59 Invalid UTF-8 in path",
            "'/index.gmi\\r\\n'                                | 59 Absolute URL required",
            "'//localhost:PORT/index.gmi\\r\\n'                | 59 Absolute URL required",
            "'localhost/index.gmi\\r\\n'                       | 59 Absolute URL required",
            "'gemini:/index.gmi\\r\\n'                         | 59 URL has no host",
            "'gemini:index.gmi\\r\\n'                          | 59 URL has no host",
            "'gemini://user@localhost:PORT/\\r\\n'              | 59 Userinfo not allowed",
            "'gemini://localhost:PORT/#part\\r\\n'              | 59 Fragment not allowed",
            "'gemini://localhost:abc/\\r\\n'                    | 59 Invalid port",
            "'gemini://localhost:99999/\\r\\n'                  | 59 Invalid port",
            "'gemini://localhost:PORT/a b\\r\\n'                | 59 Malformed URL",
            "'gemini://localhost:PORT/%zz\\r\\n'                | 59 Malformed URL",
            "'https://localhost:PORT/\\r\\n'                    | 53 Only gemini URLs are served",
            "'mailto:someone@example.org\\r\\n'                | 53 Only gemini URLs are served",
            "'gemini://elsewhere.example:PORT/\\r\\n'           | 53 Host not served here",
            "'gemini://localhost:1/\\r\\n'                      | 53 Port not served here",
            "'gemini://localhost:1965/\\r\\n'                   | 53 Port not served here",
            "'gemini://localhost/\\r\\n'                        | 20 text/gemini; charset=utf-8; lang=en",
            "'gemini://localhost:PORT/../x\\r\\n'               | 59 Path leaves the root",
            "'gemini://quiet.example:PORT/a.gmi\\r\\n'          | 53 Host does not match the TLS server name",
            "'GEMINI://LOCALHOST.:PORT/doc.txt\\r\\n'           | 20 text/plain; charset=utf-8",
            "'gemini://xn--bcher-kva.example:PORT/doc.txt\\r\\n' | 20 text/plain; charset=utf-8",
    })
    void answersEachRequestLineWithItsExactHeader(String request, String header) throws Exception {
        String raw = request.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t").replace("\\u0000", "\0");
        assertThat(send(raw).header()).isEqualTo(header + "\r\n");
    }

    @Test
    void refusesRequestLinesLongerThan1024Bytes() throws Exception {
        String prefix = "gemini://localhost:" + port + "/";
        String exactly1024 = prefix + "a".repeat(1024 - prefix.length());
        assertThat(send((exactly1024 + "\r\n").getBytes(StandardCharsets.UTF_8)).header()).isEqualTo("51 Not found\r\n");
        assertThat(send((exactly1024 + "a\r\n").getBytes(StandardCharsets.UTF_8)).header()).isEqualTo("59 Request too long\r\n");
        assertThat(send(("gemini://localhost/" + "a".repeat(5000)).getBytes(StandardCharsets.UTF_8)).header()).isEqualTo("59 Request too long\r\n");
    }

    @Test
    void refusesInvalidUtf8AndByteOrderMark() throws Exception {
        byte[] url = ("gemini://localhost:" + port + "/").getBytes(StandardCharsets.UTF_8);
        byte[] invalid = concat(url, new byte[] {(byte) 0xC3, (byte) 0x28, '\r', '\n'});
        byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, concat(url, new byte[] {'\r', '\n'}));
        assertThat(send(invalid).header()).isEqualTo("59 Invalid UTF-8\r\n");
        assertThat(send(bom).header()).isEqualTo("59 Byte order mark not allowed\r\n");
    }

    @Test
    void servesUnicodeHostNamesAsTheirPunycodeForm() throws Exception {
        GeminiTestClient client = new GeminiTestClient(port).serverName("xn--bcher-kva.example");
        assertThat(client.get("gemini://bücher.example:" + port + "/doc.txt").header()).isEqualTo("20 text/plain; charset=utf-8\r\n");
        assertThat(client.get("gemini://xn--bcher-kva.example:" + port + "/doc.txt").header()).isEqualTo("20 text/plain; charset=utf-8\r\n");
    }

    @Test
    void answersOnlyTheFirstLine() throws Exception {
        GeminiResponseBytes response = send("gemini://localhost:PORT/doc.txt\r\ngemini://localhost:PORT/index.gmi\r\n");
        assertThat(response.header()).isEqualTo("20 text/plain; charset=utf-8\r\n");
        assertThat(response.bodyText()).isEqualTo("plain text\n");
    }

    @Test
    void servesTheIndexFileForTheRootWithOrWithoutSlash() throws Exception {
        for (String path : List.of("", "/", "/index.gmi")) {
            GeminiResponseBytes response = get(path);
            assertThat(response.header()).isEqualTo("20 text/gemini; charset=utf-8; lang=en\r\n");
            assertThat(response.bodyText()).isEqualTo(TestCapsuleContent.INDEX);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/doc.txt         | 20 text/plain; charset=utf-8",
            "/image.png       | 20 image/png",
            "/archive.tar.gz  | 20 application/gzip",
            "/unknown.xyz     | 20 chemical/x-xyz",
            "/noextension     | 20 application/octet-stream",
            "/caf%C3%A9.gmi   | 20 text/gemini; charset=utf-8; lang=en",
            "/café.gmi        | 20 text/gemini; charset=utf-8; lang=en",
            "/inside-link.gmi | 20 text/gemini; charset=utf-8; lang=en",
            "/with%20space/   | 20 text/gemini; charset=utf-8; lang=en",
            "/./doc.txt       | 20 text/plain; charset=utf-8",
            "//doc.txt        | 20 text/plain; charset=utf-8",
            "/sub/../doc.txt  | 20 text/plain; charset=utf-8",
            "/%64oc.txt       | 20 text/plain; charset=utf-8",
    })
    void servesFilesWithTheirMediaType(String path, String header) throws Exception {
        assertThat(get(path).header()).isEqualTo(header + "\r\n");
    }

    @ParameterizedTest(name = "{0} -> 51")
    @CsvSource({
            "/missing.gmi", "/sub/missing/", "/.hidden", "/.git/config", "/sub/.secret",
            "/escape/password.txt", "/escape.txt", "/escape/", "/fifo", "/%2e/.hidden", "/sub%2F.hidden",
    })
    void neverServesWhatIsMissingHiddenSpecialOrOutsideTheRoot(String path) throws Exception {
        GeminiResponseBytes response = get(path);
        assertThat(response.header()).isEqualTo("51 Not found\r\n");
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> 59")
    @CsvSource({
            "/../secret/password.txt", "/%2e%2e/secret/password.txt", "/sub/%2E%2E/%2E%2E/secret/password.txt",
            "/sub/../../secret/password.txt", "//..//secret/password.txt", "/.%2e/secret/password.txt",
            "/sub%2F..%2F..%2Fsecret%2Fpassword.txt", "/sub/..%2F..%2Fsecret/password.txt",
    })
    void refusesAPathThatClimbsAboveTheRoot(String path) throws Exception {
        GeminiResponseBytes response = get(path);
        assertThat(response.header()).isEqualTo("59 Path leaves the root\r\n");
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"/sub/../index.gmi", "/sub/../", "/sub/..", "/./", "//index.gmi"})
    void resolvesDotSegmentsAsJetforceAndAgateDo(String path) throws Exception {
        GeminiResponseBytes response = get(path);
        assertThat(response.header()).isEqualTo("20 text/gemini; charset=utf-8; lang=en\r\n");
        assertThat(response.bodyText()).isEqualTo(TestCapsuleContent.INDEX);
    }

    @Test
    void redirectsADirectoryWithoutItsSlash() throws Exception {
        assertThat(get("/sub").header()).isEqualTo("31 gemini://localhost:" + port + "/sub/\r\n");
        assertThat(get("/with%20space").header()).isEqualTo("31 gemini://localhost:" + port + "/with%20space/\r\n");
        assertThat(get("/with space".replace(" ", "%20") + "?q=1").header()).isEqualTo("31 gemini://localhost:" + port + "/with%20space/?q=1\r\n");
    }

    @Test
    void listsADirectoryWithoutIndexInJetforceLayout() throws Exception {
        GeminiResponseBytes response = get("/sub/");
        assertThat(response.header()).isEqualTo("20 text/gemini; charset=utf-8; lang=en\r\n");
        assertThat(response.bodyText()).isEqualTo("""
                Directory: /sub/\r
                =>/\t..\r
                =>/sub/a.gmi\ta.gmi\r
                =>/sub/b%20file.txt\tb file.txt\r
                =>/sub/nested/\tnested/\r
                """);
        assertThat(get("/sub/nested/").bodyText()).startsWith("Directory: /sub/nested/\r\n=>/sub/\t..\r\n");
    }

    @Test
    void answers51ForADirectoryWithoutIndexWhenListingIsOff() throws Exception {
        GeminiTestClient client = new GeminiTestClient(port).serverName("quiet.example");
        assertThat(client.get("gemini://quiet.example:" + port + "/").header()).isEqualTo("51 Not found\r\n");
        assertThat(client.get("gemini://quiet.example:" + port + "/a.gmi").header()).isEqualTo("20 text/gemini\r\n");
    }

    @Test
    void streamsALargeFileByteExact() throws Exception {
        GeminiResponseBytes response = get("/large.bin");
        assertThat(response.header()).isEqualTo("20 application/octet-stream\r\n");
        assertThat(response.body()).hasSize(TestCapsuleContent.LARGE_FILE_BYTES).isEqualTo(Files.readAllBytes(base.resolve("root/large.bin")));
    }

    @Test
    void servesEachHostWithItsOwnPersistedCertificateAndTheDefaultWithoutSni() throws Exception {
        String localhost = ServerCertificateStore.readPem(base.resolve("certs/localhost.crt"), base.resolve("certs/localhost.key")).fingerprint();
        String quiet = ServerCertificateStore.readPem(base.resolve("certs/quiet.example.crt"), base.resolve("certs/quiet.example.key")).fingerprint();
        assertThat(localhost).isNotEqualTo(quiet);
        assertThat(get("/doc.txt").serverFingerprint()).isEqualTo(localhost);
        assertThat(new GeminiTestClient(port).serverName("quiet.example").get("gemini://quiet.example:" + port + "/a.gmi").serverFingerprint()).isEqualTo(quiet);
        GeminiResponseBytes withoutSni = new GeminiTestClient(port).send(("gemini://localhost:" + port + "/doc.txt\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(withoutSni.header()).isEqualTo("20 text/plain; charset=utf-8\r\n");
        assertThat(withoutSni.serverFingerprint()).isEqualTo(localhost);
    }

    @Test
    void speaksTls12AndTls13() throws Exception {
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            assertThat(new GeminiTestClient(port).protocol(protocol).get("gemini://localhost:" + port + "/doc.txt").header())
                    .isEqualTo("20 text/plain; charset=utf-8\r\n");
        }
    }

    @Test
    void refusesTls11() {
        GeminiTestClient client = new GeminiTestClient(port).protocol("TLSv1.1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.get("gemini://localhost:" + port + "/"))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void serves100ConcurrentRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<GeminiResponseBytes>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Callable<GeminiResponseBytes> request = () -> {
                    start.await();
                    return get("/index.gmi");
                };
                results.add(pool.submit(request));
            }
            start.countDown();
            for (Future<GeminiResponseBytes> result : results) {
                GeminiResponseBytes response = result.get(60, TimeUnit.SECONDS);
                assertThat(response.header()).isEqualTo("20 text/gemini; charset=utf-8; lang=en\r\n");
                assertThat(response.bodyText()).isEqualTo(TestCapsuleContent.INDEX);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void disconnectsASilentClientAfterTheRequestTimeoutWhileServingOthers() throws Exception {
        try (SSLSocket silent = new GeminiTestClient(port).serverName("localhost").connect();
             SSLSocket partial = new GeminiTestClient(port).serverName("localhost").connect()) {
            long started = System.nanoTime();
            partial.getOutputStream().write("gemini://localhost/incompl".getBytes(StandardCharsets.UTF_8));
            partial.getOutputStream().flush();
            assertThat(get("/doc.txt").header()).isEqualTo("20 text/plain; charset=utf-8\r\n");
            assertThat(readUntilClosed(silent.getInputStream())).isEmpty();
            assertThat(readUntilClosed(partial.getInputStream())).isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(2_900);
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws Exception {
        return GeminiTestClient.readAll(in);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
