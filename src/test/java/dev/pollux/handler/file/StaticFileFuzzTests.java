package dev.pollux.handler.file;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.handler.ClientConnection;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.WithheldFiles;
import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.RequestLineParser;
import dev.pollux.protocol.ResponseHeader;
import dev.pollux.protocol.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any request line, parsed, then answered by the static file handler from a small capsule (directories with and
 * without an index, a Unicode name, a dotfile, and a link that leads outside the root): the responses built from a
 * parsed request. Each has a well-formed header and is never a {@code 40}; no body carries a byte from outside the
 * root; a redirect to a directory's slash is itself a valid request line for the same canonical path and query.
 * Corpus: {@code StaticFileFuzzTestsInputs/}, request lines like those of RequestLineFuzzTests.
 */
class StaticFileFuzzTests {

    private static final String OUTSIDE = "outside the capsule root";

    @TempDir
    static Path directory;

    private static Capsule capsule;
    private static StaticFileHandler handler;
    private static final RequestLineParser PARSER = new RequestLineParser();
    private static final ClientConnection CONNECTION = new ClientConnection(new InetSocketAddress("127.0.0.1", 50000),
            new InetSocketAddress("127.0.0.1", 1965), "localhost", "TLSv1.3", "TLS_AES_128_GCM_SHA256", List.of());

    @BeforeAll
    static void createTheCapsule() throws IOException {
        Path root = Files.createDirectories(directory.resolve("capsule"));
        Files.writeString(root.resolve("index.gmi"), "# Home\n");
        Files.createDirectories(root.resolve("docs/deeper"));
        Files.writeString(root.resolve("docs/notes.txt"), "notes\n");
        Files.writeString(root.resolve("docs/deeper/index.gmi"), "# Deeper\n");
        Files.createDirectories(root.resolve("café"));
        Files.writeString(root.resolve("café/menu.gmi"), "# Menu\n");
        Files.createDirectories(root.resolve(".hidden"));
        Files.writeString(root.resolve(".hidden/index.gmi"), OUTSIDE);
        Path outside = Files.createDirectories(directory.resolve("outside"));
        Files.writeString(outside.resolve("secret.gmi"), OUTSIDE);
        Files.createSymbolicLink(root.resolve("link-out"), outside);
        Files.createSymbolicLink(root.resolve("secret.gmi"), outside.resolve("secret.gmi"));

        CapsuleProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("capsule.root", root.toString())))
                .bindOrCreate("capsule", CapsuleProperties.class);
        capsule = CapsuleRegistry.from(List.of(properties), () -> root, List.of()).capsules().get(0);
        ContainedPathResolver resolver = new ContainedPathResolver();
        // no cache: every input is looked up on the file system, where containment is decided
        handler = new StaticFileHandler(resolver, new DirectoryListing(resolver), new MimeTypes(Map.of()),
                new SmallFileCache(Duration.ZERO, 0, Ticker.systemTicker()), Schedulers.immediate(),
                WithheldFiles.NONE);
    }

    @FuzzTest
    void answersEveryParsedRequestWithAWellFormedHeaderAndNothingFromOutsideTheRoot(byte[] line) {
        GeminiRequest request;
        try {
            request = PARSER.parse(line);
        } catch (GeminiException refused) {
            return;
        }
        GeminiResponse response;
        try {
            response = handler.handle(new GeminiExchange(request, capsule, 1965, CONNECTION, null), new HandlerChain(List.of())).block();
        } catch (GeminiException refused) {
            response = refused.toResponse();
        }
        ResponseHeader header = response.header();
        assertThat(header.status()).isNotEqualTo(Status.TEMPORARY_FAILURE);
        String sent = new String(header.encode(), StandardCharsets.UTF_8);
        assertThat(sent.indexOf('\n')).isEqualTo(sent.length() - 1);
        assertThat(header.meta().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ResponseHeader.MAX_META_BYTES);

        if (header.status().isSuccess()) {
            StringBuilder body = new StringBuilder();
            response.body().map(StaticFileFuzzTests::text).toStream().forEach(body::append);
            assertThat(body.toString()).doesNotContain(OUTSIDE);
        }
        if (header.status() == Status.REDIRECT_PERMANENT) {
            GeminiRequest target = PARSER.parse(header.meta().getBytes(StandardCharsets.UTF_8));
            assertThat(target.path().segments()).isEqualTo(request.path().segments());
            assertThat(target.path().trailingSlash()).isTrue();
            assertThat(target.rawQuery()).isEqualTo(request.rawQuery());
            assertThat(target.host()).isEqualTo(request.host());
        }
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
    }
}
