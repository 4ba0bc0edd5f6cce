package dev.pollux.titan;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;

import dev.pollux.app.GeminiRoute;
import dev.pollux.app.Group;
import dev.pollux.app.Upload;
import dev.pollux.clientcert.TestClientCertificates;
import dev.pollux.clientcert.TestClientCertificates.Identity;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Status;
import dev.pollux.server.CompletedRequest;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.support.LoopbackServer;
import dev.pollux.support.RecordedRequests;
import dev.pollux.tls.ClientCertificate;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Titan uploads over real TLS: an owner writes a page and reads it back by gemini://, strangers are refused before
 * anything is read or written, a body that is too large, short or stalled writes nothing, every spelling that would
 * escape the writable paths is refused, and uploads reach CGI scripts and application routes.
 * <ul>
 * <li>{@code owner.example}: {@code /notes/}, {@code /cgi-bin/echo.sh} and {@code /wiki/} writable by alice's certificate
 * (fingerprint), up to 256 KiB of gemtext, text or octets; deletes allowed</li>
 * <li>{@code token.example}: the whole capsule writable with a token, no certificate; its CGI off; no deletes</li>
 * <li>{@code closed.example}: no uploads</li>
 * </ul>
 */
@SpringBootTest
@Import(TitanUploadTests.Routes.class)
class TitanUploadTests {

    static final Identity CA = TestClientCertificates.ca("Titan Test CA");
    static final Identity ALICE = TestClientCertificates.issued("alice", CA);
    static final Identity BOB = TestClientCertificates.issued("bob", CA);
    static final int MAX_SIZE = 256 * 1024;
    static final String SECRET = "SECRET\n";

    @TempDir
    static Path base;

    @Autowired
    GeminiServer server;

    @Autowired
    RecordedRequests requests;

    @Autowired
    MeterRegistry metrics;

    @DynamicPropertySource
    static void capsules(DynamicPropertyRegistry registry) throws Exception {
        Path owner = Files.createDirectories(base.resolve("owner"));
        Files.writeString(owner.resolve("index.gmi"), "# Owner\n");
        Files.writeString(owner.resolve("secret.gmi"), SECRET);
        Files.createDirectories(owner.resolve("notes/.dir"));
        Files.createDirectories(owner.resolve("private"));
        Files.createDirectories(base.resolve("outside"));
        Files.writeString(owner.resolve("notes/existing.gmi"), "# Existing\n");
        Files.createSymbolicLink(owner.resolve("notes/out"), base.resolve("outside"));
        Files.createSymbolicLink(owner.resolve("notes/sideways"), owner.resolve("private"));
        Files.createSymbolicLink(owner.resolve("notes/link.gmi"), owner.resolve("secret.gmi"));
        Files.writeString(base.resolve("outside/password.txt"), "password\n");
        Files.createSymbolicLink(owner.resolve("notes/escape.txt"), base.resolve("outside/password.txt"));
        Files.writeString(owner.resolve("notes/.hidden"), "hidden\n");
        new ProcessBuilder("mkfifo", owner.resolve("notes/fifo").toString()).start().waitFor();
        Files.createDirectories(base.resolve("home/alice/public_gemini"));
        script(owner.resolve("cgi-bin/echo.sh"), "printf '20 text/plain\\r\\nlength=%s type=%s\\n' \"$CONTENT_LENGTH\" \"$CONTENT_TYPE\"\ncat");
        Path token = Files.createDirectories(base.resolve("token"));
        Files.writeString(token.resolve("index.gmi"), "# Token\n");
        Files.writeString(token.resolve("kept.gmi"), "kept\n");
        Files.createDirectories(token.resolve("cgi-bin"));
        Files.createDirectories(token.resolve("drop"));
        Path closed = Files.createDirectories(base.resolve("closed"));
        Files.writeString(closed.resolve("index.gmi"), "# Closed\n");

        LoopbackServer.register(registry, base);
        registry.add("pollux.server.request-timeout", () -> "5s");
        registry.add("pollux.cgi.enabled", () -> "true");
        registry.add("pollux.capsules[0].hostname", () -> "owner.example");
        registry.add("pollux.capsules[0].root", owner::toString);
        registry.add("pollux.capsules[0].titan.enabled", () -> "true");
        registry.add("pollux.capsules[0].user-directories", () -> base.resolve("home/{user}/public_gemini").toString());
        registry.add("pollux.capsules[0].titan.paths", () -> "/notes/,/cgi-bin/echo.sh,/wiki/,/~alice/");
        registry.add("pollux.capsules[0].titan.require", () -> "fingerprints");
        registry.add("pollux.capsules[0].titan.fingerprints[0]", () -> ClientCertificate.fingerprintOf(ALICE.certificate()));
        registry.add("pollux.capsules[0].titan.max-size", () -> MAX_SIZE + "B");
        registry.add("pollux.capsules[0].titan.mime-types", () -> "text/gemini,text/plain,application/octet-stream");
        registry.add("pollux.capsules[0].titan.allow-delete", () -> "true");
        registry.add("pollux.capsules[1].hostname", () -> "token.example");
        registry.add("pollux.capsules[1].root", token::toString);
        registry.add("pollux.capsules[1].cgi.enabled", () -> "false");
        registry.add("pollux.capsules[1].titan.enabled", () -> "true");
        registry.add("pollux.capsules[1].titan.paths", () -> "/");
        registry.add("pollux.capsules[1].titan.token", () -> "s3cret");
        // mounts relay requests without bodies: nothing listens there, and nothing needs to
        registry.add("pollux.capsules[1].proxies[0].path", () -> "/relayed/");
        registry.add("pollux.capsules[1].proxies[0].to", () -> "gemini://127.0.0.1:9/");
        registry.add("pollux.capsules[1].proxies[0].verify", () -> "none");
        registry.add("pollux.capsules[1].fastcgi[0].path", () -> "/app");
        registry.add("pollux.capsules[1].fastcgi[0].address", () -> "127.0.0.1:9");
        registry.add("pollux.capsules[2].hostname", () -> "closed.example");
        registry.add("pollux.capsules[2].root", closed::toString);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {

        @Bean
        RecordedRequests recordedRequests() {
            return new RecordedRequests();
        }

        @Bean
        Wiki wiki() {
            return new Wiki();
        }
    }

    /** An application route that takes uploads: what a wiki saves. */
    static class Wiki {

        @GeminiRoute(value = "/wiki/(?<page>[a-z]+)", host = "owner.example")
        GeminiResponse save(@Group String page, Upload upload) throws IOException {
            return GeminiResponse.of(Status.REDIRECT_TEMPORARY, "/wiki/" + page + "?saved=" + upload.size() + "," + upload.mimeType()
                    + "," + upload.text().strip().replace(' ', '+'));
        }
    }

    private Map<String, String> before;

    @BeforeEach
    void snapshot() throws IOException {
        before = tree();
    }

    @Test
    void anAuthorisedClientUploadsAGemtextFileAndReadsItBackByGemini() throws IOException {
        String page = "# Hello from Titan\nWritten by its owner.\n";
        GeminiResponseBytes written = upload(alice(), "owner.example", "/notes/hello.gmi;mime=text/gemini;size=" + bytes(page).length, bytes(page));
        assertThat(written.header()).isEqualTo("30 gemini://owner.example:" + server.port() + "/notes/hello.gmi\r\n");
        GeminiResponseBytes read = get("owner.example", "/notes/hello.gmi");
        assertThat(read.header()).isEqualTo("20 text/gemini\r\n");
        assertThat(read.bodyText()).isEqualTo(page);
        assertThat(Files.getPosixFilePermissions(base.resolve("owner/notes/hello.gmi"))).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));

        // served from the small-file cache now; a new version is served from the next request on
        String revised = "# Hello again\n";
        assertThat(upload(alice(), "owner.example", "/notes/hello.gmi;size=" + bytes(revised).length, bytes(revised)).header()).startsWith("30 ");
        assertThat(get("owner.example", "/notes/hello.gmi").bodyText()).isEqualTo(revised);
        assertThat(get("owner.example", "/notes/").bodyText()).contains("hello.gmi").doesNotContain(".titan-");
        assertNoStagedFiles();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no certificate      | owner.example | /notes/a.gmi;size=3               | 60 Client certificate required",
            "another certificate | owner.example | /notes/a.gmi;size=3               | 61 Certificate not authorised",
            "no token            | token.example | /a.gmi;size=3                     | 61 Token required",
            "a wrong token       | token.example | /a.gmi;size=3;token=s3cre         | 61 Token not accepted",
            "a longer token      | token.example | /a.gmi;size=3;token=s3cret2       | 61 Token not accepted",
            "not enabled         | closed.example | /a.gmi;size=3                    | 53 Titan uploads are not accepted here",
    })
    void anUnauthorisedClientIsRefusedAndNothingIsWritten(String who, String host, String target, String answer) throws IOException {
        GeminiTestClient client = who.equals("another certificate") ? client(BOB) : new GeminiTestClient(server.port());
        GeminiResponseBytes response = upload(client, host, target, bytes("abc"));
        assertThat(response.header()).isEqualTo(answer + "\r\n");
        assertNothingWritten();
    }

    @Test
    void anUploadLargerThanMaxSizeIsRefusedBeforeItsBodyIsRead() throws IOException {
        // the line alone: the answer comes without a byte of the body, so none was waited for
        GeminiResponseBytes response = alice().send(bytes("titan://owner.example:" + server.port() + "/notes/big.bin;mime=application/octet-stream;size="
                + (MAX_SIZE + 1) + "\r\n"));
        assertThat(response.header()).isEqualTo("59 Upload larger than " + MAX_SIZE + " bytes\r\n");
        assertThat(upload(alice(), "owner.example", "/notes/image.png;mime=image/png;size=3", bytes("png")).header())
                .isEqualTo("50 Media type not accepted\r\n");
        assertNothingWritten();
    }

    @Test
    void aBodyCutShortWritesNothing() throws Exception {
        // twenty times: a client that leaves may cut its request at any step, before or while its file is staged
        int cuts = 20;
        for (int i = 0; i < cuts; i++) {
            try (SSLSocket socket = alice().connect()) {
                OutputStream out = socket.getOutputStream();
                out.write(bytes("titan://owner.example:" + server.port() + "/notes/short" + i + ".gmi;size=101\r\n" + "x".repeat(40)));
                out.flush();
            }
        }
        for (int i = 0; i < cuts; i++) {
            // answered 59 to a closed socket, or cut as the client left: which comes first is the event loop's choice
            assertThat(requests.next(";size=101", Duration.ofSeconds(30)).status()).isIn("closed", "59");
        }
        // a request cut as its client left removes its staged file after it is logged
        await().atMost(Duration.ofSeconds(30)).untilAsserted(this::assertNothingWritten);
    }

    @Test
    void aCutWhileTheFilePoolIsBusyStillRemovesTheStagedFile() throws Exception {
        // the client leaves while every thread of the pool uploads are written on (Reactor's bounded-elastic pool, as
        // TitanConfiguration wires it) is taken: the removal waits its turn, and the cut must not cancel it
        int cuts = 6;
        List<SSLSocket> sockets = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < cuts; i++) {
                SSLSocket socket = alice().connect();
                sockets.add(socket);
                socket.getOutputStream().write(bytes("titan://owner.example:" + server.port() + "/notes/busy" + i + ".gmi;size=101\r\n" + "x".repeat(40)));
                socket.getOutputStream().flush();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> stagedFiles() == cuts);
            for (int i = 0; i < 64; i++) {
                Schedulers.boundedElastic().schedule(() -> {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            for (SSLSocket socket : sockets) {
                socket.close();
            }
            for (int i = 0; i < cuts; i++) {
                assertThat(requests.next(";size=101", Duration.ofSeconds(30)).status()).isIn("closed", "59");
            }
        } finally {
            release.countDown();
            for (SSLSocket socket : sockets) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(this::assertNothingWritten);
    }

    private static long stagedFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(base)) {
            return paths.filter(path -> path.getFileName().toString().startsWith(".titan-")).count();
        }
    }

    @Test
    void bytesAfterTheAnnouncedSizeAreNeverWritten() throws IOException {
        assertThat(upload(alice(), "owner.example", "/notes/exact.gmi;size=3", bytes("abc-and-more\r\ngemini://x/\r\n")).header())
                .startsWith("30 ");
        assertThat(Files.readString(base.resolve("owner/notes/exact.gmi"))).isEqualTo("abc");
    }

    @Test
    void aSlowUploaderThatKeepsSendingIsNotCutOff() throws Exception {
        // five pauses of 1.5 s: more than the request timeout (5 s) in all, but never that long without a byte
        String line = "titan://owner.example:" + server.port() + "/notes/slow.gmi;size=6\r\n";
        try (SSLSocket socket = alice().serverName("owner.example").connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes(line));
            out.flush();
            // one byte every 1.5 s on a timer at a fixed rate: a late tick is caught up, so no gap grows with a busy machine
            byte[] body = bytes("slow!\n");
            CountDownLatch sent = new CountDownLatch(body.length);
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            try {
                pacer.scheduleAtFixedRate(() -> {
                    int next = (int) (body.length - sent.getCount());
                    try {
                        out.write(body[next]);
                        out.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    sent.countDown();
                }, 1500, 1500, TimeUnit.MILLISECONDS);
                assertThat(sent.await(30, TimeUnit.SECONDS)).as("every byte sent").isTrue();
            } finally {
                pacer.shutdownNow();
            }
            assertThat(new GeminiResponseBytes(GeminiTestClient.readAll(socket.getInputStream()), null).header())
                    .isEqualTo("30 gemini://owner.example:" + server.port() + "/notes/slow.gmi\r\n");
        }
        assertThat(Files.readString(base.resolve("owner/notes/slow.gmi"))).isEqualTo("slow!\n");
    }

    @Test
    void aClientThatStallsIsAnswered59AndWritesNothing() throws IOException {
        try (SSLSocket socket = alice().connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(bytes("titan://owner.example:" + server.port() + "/notes/stalled.gmi;size=100\r\n" + "x".repeat(40)));
            out.flush();
            // no more: the request timeout (5s) runs from the last byte received
            assertThat(new GeminiResponseBytes(GeminiTestClient.readAll(socket.getInputStream()), null).header())
                    .isEqualTo("59 Upload timed out\r\n");
        }
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // canonical spellings of paths outside /notes/
            "/notes/../secret.gmi             | 50 Uploads are not accepted at this path",
            "/notes/%2e%2e/secret.gmi         | 50 Uploads are not accepted at this path",
            "/notes/.%2E/secret.gmi           | 50 Uploads are not accepted at this path",
            "/notes%2F..%2Fsecret.gmi         | 50 Uploads are not accepted at this path",
            "/notes/x/../../secret.gmi        | 50 Uploads are not accepted at this path",
            "//secret.gmi                     | 50 Uploads are not accepted at this path",
            "/./secret.gmi                    | 50 Uploads are not accepted at this path",
            "/%6Eotes-old/x.gmi               | 50 Uploads are not accepted at this path",
            "/Notes/x.gmi                     | 50 Uploads are not accepted at this path",
            "/notesx.gmi                      | 50 Uploads are not accepted at this path",
            "/%252e%252e/secret.gmi           | 50 Uploads are not accepted at this path",
            // above the root
            "/..                              | 59 Path leaves the root",
            "/../secret.gmi                   | 59 Path leaves the root",
            "/notes/../../secret.gmi          | 59 Path leaves the root",
            "/%2e%2e/secret.gmi               | 59 Path leaves the root",
            "/notes/%2e%2e%2f..%2fsecret.gmi  | 59 Path leaves the root",
            "/notes/..%2F..%2Fsecret.gmi      | 59 Path leaves the root",
            "/notes%2F..%2F..%2Fsecret.gmi    | 59 Path leaves the root",
            "/notes/.%2e/.%2e/secret.gmi      | 59 Path leaves the root",
            "//..//secret.gmi                 | 59 Path leaves the root",
            // a ';' ends the path: what follows must be parameters
            "/notes;/x.gmi                    | 59 Malformed Titan parameter",
            // inside /notes/, but not a file that may be written
            "/notes/.hidden.gmi               | 50 Cannot write hidden files",
            "/notes/%2ehidden.gmi             | 50 Cannot write hidden files",
            "/notes/.dir/x.gmi                | 50 No such directory",
            "/notes/a%5C..%5Csecret.gmi       | 50 Invalid file name",
            "/notes/out/x.gmi                 | 50 No such directory",
            "/notes/sideways/x.gmi            | 50 Cannot write through a symbolic link",
            "/notes/link.gmi                  | 50 Cannot write over a link or a special file",
            "/notes/escape.txt                | 50 Cannot write over a link or a special file",
            "/notes/fifo                      | 50 Cannot write over a link or a special file",
            "/notes/.hidden                   | 50 Cannot write hidden files",
            "/notes/%2e/.hidden               | 50 Cannot write hidden files",
            "/notes%2F.hidden                 | 50 Cannot write hidden files",
            "/notes/out/password.txt          | 50 No such directory",
            // a user directory is outside the capsule root, even where a path names it
            "/~alice/x.gmi                    | 50 Cannot write into user directories",
            "/%7Ealice/x.gmi                  | 50 Cannot write into user directories",
            "/notes/missing/x.gmi             | 50 No such directory",
            "/notes                           | 50 Cannot write over a directory",
            "/notes/                          | 50 Cannot write over a directory",
            "/notes/existing.gmi/             | 50 Cannot write over a directory",
            "/notes/.                         | 50 Cannot write over a directory",
    })
    void everyPathEscapeSpellingIsRefusedForWrites(String path, String answer) throws IOException {
        assertThat(upload(alice(), "owner.example", path + ";size=3", bytes("abc")).header())
                .isEqualTo(answer + "\r\n");
        assertNothingWritten();
    }

    @Test
    void aNameTooLongForTheFileSystemIsTheClientsMistake() throws IOException {
        assertThat(upload(alice(), "owner.example", "/notes/" + "%C3%A9".repeat(128) + ".gmi;size=3", bytes("abc")).header())
                .isEqualTo("50 File name too long\r\n");
        assertNothingWritten();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/cgi-bin/new.sh           | 50 Cannot write into the CGI directory",
            "/cgi-bin//new.sh          | 50 Cannot write into the CGI directory",
            "/x/../cgi-bin/new.sh      | 50 Cannot write into the CGI directory",
            "/.hidden                  | 50 Cannot write hidden files",
            "/                         | 50 Cannot write over a directory",
            "/drop                     | 50 Cannot write over a directory",
            "/index.gmi/               | 50 Cannot write over a directory",
            "/kept.gmi                 | 50 Deleting is not allowed here",
            "/relayed/x.gmi            | 53 Uploads are not relayed",
            "/app/x.gmi                | 53 Uploads are not relayed",
    })
    void theWholeCapsuleWritableStillKeepsItsDirectoriesHiddenFilesAndScripts(String path, String answer) throws IOException {
        byte[] body = answer.contains("Deleting") ? new byte[0] : bytes("abc");
        assertThat(upload(new GeminiTestClient(server.port()), "token.example", path + ";token=s3cret;size=" + body.length, body).header())
                .isEqualTo(answer + "\r\n");
        assertNothingWritten();
    }

    @Test
    void aTokenAloneMayWriteWhereNoCertificateIsRequired() throws Exception {
        String target = "/drop/note.txt;mime=text/plain;token=s3cret;size=5";
        assertThat(upload(new GeminiTestClient(server.port()), "token.example", target, bytes("hello")).header())
                .isEqualTo("30 gemini://token.example:" + server.port() + "/drop/note.txt\r\n");
        assertThat(Files.readString(base.resolve("token/drop/note.txt"))).isEqualTo("hello");
        // as the access log writes it
        assertThat(requests.next("/drop/note.txt;mime=text/plain;token=***;size=5", Duration.ofSeconds(30)).request())
                .isEqualTo("titan://token.example:" + server.port() + "/drop/note.txt;mime=text/plain;token=***;size=5");
    }

    @Test
    void theAccessLogNamesTheUploadersCertificate() throws Exception {
        String target = "/notes/signed.gmi;size=2";
        assertThat(upload(alice(), "owner.example", target, bytes("ok")).header()).startsWith("30 ");
        String line = "titan://owner.example:" + server.port() + target;
        CompletedRequest completed = requests.next(line, Duration.ofSeconds(30));
        assertThat(completed.certificate()).isEqualTo(ClientCertificate.fingerprintOf(ALICE.certificate()));
        assertThat(completed.handlerTag()).isEqualTo("upload");
    }

    @Test
    void uploadsAreCountedByOutcome() throws IOException {
        assertThat(upload(alice(), "owner.example", "/notes/counted.gmi;size=2", bytes("ok")).header()).startsWith("30 ");
        assertThat(upload(alice(), "owner.example", "/notes/.counted;size=2", bytes("ok")).header()).startsWith("50 ");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(metrics.get("pollux.titan.uploads").tags("capsule", "owner.example", "outcome", "written").counter().count()).isPositive();
            assertThat(metrics.get("pollux.titan.uploads").tags("capsule", "owner.example", "outcome", "titan_path_refused").counter().count())
                    .isPositive();
        });
    }

    @Test
    void anEmptyUploadDeletesWhereTheCapsuleAllowsIt() throws IOException {
        Files.writeString(base.resolve("owner/notes/doomed.gmi"), "doomed\n");
        assertThat(get("owner.example", "/notes/doomed.gmi").bodyText()).isEqualTo("doomed\n");
        assertThat(upload(alice(), "owner.example", "/notes/doomed.gmi;size=0", new byte[0]).header())
                .isEqualTo("30 gemini://owner.example:" + server.port() + "/notes/\r\n");
        assertThat(base.resolve("owner/notes/doomed.gmi")).doesNotExist();
        assertThat(get("owner.example", "/notes/doomed.gmi").header()).as("not from the cache").isEqualTo("51 Not found\r\n");
        assertThat(upload(alice(), "owner.example", "/notes/doomed.gmi;size=0", new byte[0]).header()).isEqualTo("51 Not found\r\n");
    }

    @Test
    void aScriptReadsTheUploadOnItsStdin() throws IOException {
        byte[] body = new byte[100_000];
        Arrays.fill(body, (byte) 'z');
        GeminiResponseBytes response = upload(alice(), "owner.example", "/cgi-bin/echo.sh;mime=text/plain;size=" + body.length, body);
        assertThat(response.header()).isEqualTo("20 text/plain\r\n");
        assertThat(response.bodyText()).isEqualTo("length=100000 type=text/plain\n" + "z".repeat(100_000));
        assertNothingWritten();
    }

    @Test
    void anApplicationRouteTakesTheUpload() throws IOException {
        GeminiResponseBytes response = upload(alice(), "owner.example", "/wiki/home;mime=text/plain;size=11", bytes("hello wiki\n"));
        assertThat(response.header()).isEqualTo("30 /wiki/home?saved=11,text/plain,hello+wiki\r\n");
        assertThat(get("owner.example", "/wiki/home").header()).as("the upload route is not a Gemini route").isEqualTo("51 Not found\r\n");
        assertNothingWritten();
    }

    @Test
    void concurrentUploadsToOnePathLeaveOneWholeFile() throws Exception {
        int uploads = 6;
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            byte[] body = new byte[200_000];
            Arrays.fill(body, (byte) ('a' + i));
            bodies.add(body);
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(uploads);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (byte[] body : bodies) {
                answers.add(clients.submit(() -> {
                    start.await();
                    return upload(alice(), "owner.example", "/notes/race.bin;mime=application/octet-stream;size=" + body.length, body).header();
                }));
            }
            start.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).startsWith("30 ");
            }
        } finally {
            clients.shutdownNow();
        }
        byte[] written = Files.readAllBytes(base.resolve("owner/notes/race.bin"));
        assertThat(bodies).anySatisfy(body -> assertThat(written).isEqualTo(body));
        assertNoStagedFiles();
    }

    private GeminiTestClient alice() {
        return client(ALICE);
    }

    private GeminiTestClient client(Identity identity) {
        return new GeminiTestClient(server.port()).clientCertificate(identity.key(), identity.chain());
    }

    private GeminiResponseBytes upload(GeminiTestClient client, String host, String pathAndParameters, byte[] body) throws IOException {
        byte[] line = bytes("titan://" + host + ":" + server.port() + pathAndParameters + "\r\n");
        byte[] request = Arrays.copyOf(line, line.length + body.length);
        System.arraycopy(body, 0, request, line.length, body.length);
        return client.serverName(host).send(request);
    }

    private GeminiResponseBytes get(String host, String path) throws IOException {
        return new GeminiTestClient(server.port()).get("gemini://" + host + ":" + server.port() + path);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every file and directory under the test's base (links as their targets' names), with file contents. */
    private static Map<String, String> tree() throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(base)) {
            paths.filter(path -> !path.startsWith(base.resolve("certs"))).forEach(path -> {
                try {
                    String key = base.relativize(path).toString();
                    if (Files.isSymbolicLink(path)) {
                        tree.put(key, "-> " + Files.readSymbolicLink(path));
                    } else if (Files.isRegularFile(path)) {
                        tree.put(key, Files.readString(path, StandardCharsets.ISO_8859_1));
                    } else {
                        tree.put(key, "/");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return tree;
    }

    /** Nothing created, changed or removed anywhere under the base, staged files included. */
    private void assertNothingWritten() throws IOException {
        assertThat(tree()).isEqualTo(before);
    }

    private static void assertNoStagedFiles() throws IOException {
        try (Stream<Path> paths = Files.walk(base)) {
            assertThat(paths.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith(".titan-"));
        }
    }

    private static void script(Path file, String command) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + command + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
