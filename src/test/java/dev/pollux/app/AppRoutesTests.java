package dev.pollux.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

import dev.pollux.support.LoopbackServer;
import dev.pollux.server.GeminiServer;
import dev.pollux.support.GeminiResponseBytes;
import dev.pollux.support.GeminiTestClient;
import dev.pollux.tls.ClientCertificate;
import dev.pollux.tls.SelfSignedCertificateGenerator;
import dev.pollux.tls.ServerCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application routes over real TLS: every parameter and return type of {@link TestRoutes}, the helpers'
 * answers, error mapping without leaked text, host and slash matching, precedence over CGI and static files,
 * and falling through to them.
 */
@SpringBootTest
class AppRoutesTests {

    static final ServerCertificate ALICE = new SelfSignedCertificateGenerator(Clock.systemUTC()).generate("alice");

    @TempDir
    static Path base;

    @Autowired
    GeminiServer server;

    @Autowired
    TestRoutes routes;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.createDirectories(root.resolve("app/maybe"));
        Files.createDirectories(root.resolve("app/mono-empty"));
        Files.writeString(root.resolve("static.txt"), "static file\n");
        Files.writeString(root.resolve("app/shadowed.txt"), "from the file\n");
        Files.writeString(root.resolve("app/maybe/no.txt"), "from the file\n");
        Files.writeString(root.resolve("app/mono-empty/file.txt"), "from the file\n");
        Path cgi = Files.createDirectories(root.resolve("cgi-bin"));
        for (String name : new String[] {"claimed", "free"}) {
            Files.writeString(cgi.resolve(name), "#!/bin/sh\nprintf '20 text/plain\\r\\nfrom the script\\n'\n");
            Files.setPosixFilePermissions(cgi.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        LoopbackServer.register(registry, base);
        registry.add("pollux.capsules[0].hostname", () -> "localhost");
        registry.add("pollux.capsules[0].root", root::toString);
        registry.add("pollux.capsules[0].lang", () -> "en");
        registry.add("pollux.capsules[0].cgi.enabled", () -> "true");
        registry.add("pollux.capsules[1].hostname", () -> "other.example");
        registry.add("pollux.capsules[1].root", root::toString);
        registry.add("test.routes.prefix", () -> "/app");
    }

    @ParameterizedTest(name = "[{index}] {0}{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "localhost     | /app/response          | 20 text/plain",
            "localhost     | /app/ask               | 10 Your name?",
            "localhost     | /app/ask?Ana%20Mar%C3%ADa | 20 text/gemini",
            "localhost     | /app/password          | 11 Password",
            "localhost     | /app/members           | 60 Client certificate required",
            "localhost     | /app/moved             | 31 gemini://localhost/new%20place/%C3%A9",
            "localhost     | /app/missing           | 51 Not found",
            "localhost     | /app/mono              | 20 text/gemini; lang=en",
            "localhost     | /app/mono-response     | 30 gemini://localhost/a%20b",
            "localhost     | /app/lines             | 20 text/gemini; lang=en",
            "localhost     | /app/echo/x/1          | 20 text/gemini; lang=en",
            "localhost     | /app/echo/x/99999999999 | 50 Invalid request",
            "localhost     | /app/echo/x/1?%FF      | 50 Invalid request",
            "localhost     | /app/boom              | 40 Internal server error",
            "localhost     | /app/mono-boom         | 40 Internal server error",
            "localhost     | /app/reactive-boom     | 40 Internal server error",
            "localhost     | /app/gone              | 52 Gone away",
            "localhost     | /app/strict/           | 20 text/gemini; lang=en",
            "localhost     | /app/strict            | 51 Not found",
            "localhost     | /app/loose             | 20 text/gemini; lang=en",
            "localhost     | /app/loose/            | 20 text/gemini; lang=en",
            "localhost     | /app/loose//           | 20 text/gemini; lang=en",
            "localhost     | /app/hosted            | 51 Not found",
            "other.example | /app/hosted            | 20 text/gemini",
            "localhost     | /app/default           | 20 text/gemini; lang=en",
            "other.example | /app/default           | 51 Not found",
            "localhost     | /app/placeholder       | 20 text/gemini; lang=en",
            "localhost     | /app/unclaimed         | 51 Not found",
            "localhost     | /static.txt            | 20 text/plain",
    })
    void answersEachRouteWithItsHeader(String host, String path, String header) throws Exception {
        assertThat(get(host, path).header()).isEqualTo(header + "\r\n");
    }

    @Test
    void bindsNamedGroupsTheDecodedInputAndTheExchange() throws Exception {
        GeminiResponseBytes response = get("localhost", "/app/echo/h%C3%A9llo%20there/42/?a%20b%2Bc%C3%A9%E2%82%AC");
        assertThat(response.bodyText()).startsWith("""
                # Echo
                word=héllo there
                n=42
                input=a b+cé€
                path=/app/echo/héllo there/42/
                capsule=localhost
                exchange=true
                client=127.0.0.1
                thread=pollux-app-""");
    }

    @Test
    void bindsNumbersLargerThanAnInt() throws Exception {
        assertThat(get("localhost", "/app/long/99999999999").bodyText()).isEqualTo("n=99999999999\n");
    }

    @Test
    void answersTheInputOnTheSameUrl() throws Exception {
        assertThat(get("localhost", "/app/ask?Ana%20Mar%C3%ADa").bodyText()).isEqualTo("Hello, Ana María\n");
    }

    @Test
    void givesTheClientCertificateOrNull() throws Exception {
        assertThat(get("localhost", "/app/cert").bodyText()).isEqualTo("none false\n");
        GeminiResponseBytes response = new GeminiTestClient(server.port()).clientCertificate(ALICE.privateKey(), ALICE.leaf())
                .get(url("localhost", "/app/cert"));
        assertThat(response.bodyText()).isEqualTo("alice " + ClientCertificate.fingerprintOf(ALICE.leaf()) + "\n");
    }

    @Test
    void streamsFluxLinesEachEndedByALineFeed() throws Exception {
        assertThat(get("localhost", "/app/lines").bodyText()).isEqualTo("line 1\nline 2\nline 3\n");
    }

    @Test
    void pullsStreamedLinesWithBoundedDemand() throws Exception {
        String body = get("localhost", "/app/demand").bodyText();
        assertThat(body.lines()).hasSize(5000).startsWith("line 1").endsWith("line 5000");
        assertThat(routes.demand).isNotEmpty().allSatisfy(requested -> assertThat(requested).isLessThan(5000L));
    }

    @Test
    void sendsStringsAndMonosAsGemtext() throws Exception {
        assertThat(get("localhost", "/app/mono").bodyText()).isEqualTo("# From a Mono\n");
        assertThat(get("localhost", "/app/response").bodyText()).isEqualTo("plain\n");
    }

    @Test
    void neverLeaksExceptionText() throws Exception {
        for (String path : new String[] {"/app/boom", "/app/mono-boom", "/app/reactive-boom"}) {
            GeminiResponseBytes response = get("localhost", path);
            assertThat(new String(response.all(), StandardCharsets.UTF_8)).isEqualTo("40 Internal server error\r\n");
        }
    }

    @Test
    void takesPrecedenceOverStaticFilesOnTheirPaths() throws Exception {
        assertThat(get("localhost", "/app/shadowed.txt").bodyText()).isEqualTo("from the route\n");
    }

    @Test
    void takesPrecedenceOverCgiScriptsOnTheirPaths() throws Exception {
        assertThat(get("localhost", "/cgi-bin/claimed").bodyText()).isEqualTo("from the route\n");
        assertThat(get("localhost", "/cgi-bin/free").bodyText()).isEqualTo("from the script\n");
    }

    @Test
    void aNullOrEmptyAnswerFallsThroughToStaticFiles() throws Exception {
        assertThat(get("localhost", "/app/maybe/yes").bodyText()).isEqualTo("yes\n");
        assertThat(get("localhost", "/app/maybe/no.txt").bodyText()).isEqualTo("from the file\n");
        assertThat(get("localhost", "/app/mono-empty/file.txt").bodyText()).isEqualTo("from the file\n");
        assertThat(get("localhost", "/static.txt").bodyText()).isEqualTo("static file\n");
    }

    @Test
    void triesRoutesInDeclarationOrder() throws Exception {
        assertThat(get("localhost", "/app/order/x").bodyText()).isEqualTo("first\n");
    }

    private GeminiResponseBytes get(String host, String path) throws Exception {
        return new GeminiTestClient(server.port()).get(url(host, path));
    }

    private String url(String host, String path) {
        return "gemini://" + host + ":" + server.port() + path;
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Routes {

        @Bean
        TestRoutes testRoutes() {
            return new TestRoutes();
        }
    }
}
