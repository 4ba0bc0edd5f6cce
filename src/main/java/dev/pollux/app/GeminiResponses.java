package dev.pollux.app;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.PercentEncoding;
import dev.pollux.protocol.Status;
import reactor.core.publisher.Flux;

/**
 * The common answers of a Gemini application. Metas are checked as every header is (no CR or LF,
 * at most 1024 bytes), so an answer can never forge a second header line.
 */
public final class GeminiResponses {

    public static final String GEMTEXT = "text/gemini";

    private GeminiResponses() {
    }

    /** {@code 10 prompt}: the client asks the user and requests the same URL again with the answer as query. */
    public static GeminiResponse input(String prompt) {
        return GeminiResponse.of(Status.INPUT, prompt);
    }

    /** {@code 11 prompt}: as {@link #input}, for passwords and other input the client should not echo. */
    public static GeminiResponse sensitiveInput(String prompt) {
        return GeminiResponse.of(Status.SENSITIVE_INPUT, prompt);
    }

    /** {@code 30 url}: a temporary redirect. Spaces and non-ASCII characters are percent-encoded. */
    public static GeminiResponse redirect(String url) {
        return GeminiResponse.redirect(PercentEncoding.encodeUnsafe(url), false);
    }

    /** {@code 31 url}: a permanent redirect. Spaces and non-ASCII characters are percent-encoded. */
    public static GeminiResponse permanentRedirect(String url) {
        return GeminiResponse.redirect(PercentEncoding.encodeUnsafe(url), true);
    }

    /** {@code 51 Not found}. */
    public static GeminiResponse notFound() {
        return GeminiResponse.notFound();
    }

    /** {@code 60 meta}: the client should repeat the request with a client certificate. */
    public static GeminiResponse certificateRequired(String meta) {
        return GeminiResponse.of(Status.CLIENT_CERTIFICATE_REQUIRED, meta);
    }

    /** {@code 60 Client certificate required}. */
    public static GeminiResponse certificateRequired() {
        return certificateRequired("Client certificate required");
    }

    /** {@code 20 text/gemini} with this page. */
    public static GeminiResponse gemtext(String page) {
        return success(GEMTEXT, page);
    }

    /** {@code 20 text/gemini}, streaming each line (followed by LF) as it is produced, with back-pressure. */
    public static GeminiResponse gemtext(Flux<String> lines) {
        return GeminiResponse.success(GEMTEXT, lines.map(line -> utf8(line + "\n")));
    }

    /** {@code 20 mediaType} with this text, encoded as UTF-8. */
    public static GeminiResponse success(String mediaType, String text) {
        return GeminiResponse.success(mediaType, Flux.just(text).map(GeminiResponses::utf8));
    }

    static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
