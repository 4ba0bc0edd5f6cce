package dev.pollux.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Flux;

/**
 * A status, its meta and, for 2x only, a body streamed as byte buffers, which the server writes
 * as the client reads them. A refusal carries its {@link Reason}, which never reaches the client.
 *
 * @param reason why the request was refused, or null for an answer that is not a refusal
 */
public record GeminiResponse(ResponseHeader header, Flux<ByteBuffer> body, Reason reason) {

    public GeminiResponse {
        if (!header.status().isSuccess() && body != null) {
            throw new IllegalArgumentException("only 2x responses have a body");
        }
        body = body == null ? Flux.empty() : body;
    }

    public GeminiResponse(ResponseHeader header, Flux<ByteBuffer> body) {
        this(header, body, null);
    }

    public static GeminiResponse of(Status status, String meta) {
        return new GeminiResponse(new ResponseHeader(status, meta), null, null);
    }

    /** A refusal, with the reason metrics count it under. */
    public static GeminiResponse refused(Status status, String meta, Reason reason) {
        return new GeminiResponse(new ResponseHeader(status, meta), null, reason);
    }

    public static GeminiResponse success(String mediaType, Flux<ByteBuffer> body) {
        return new GeminiResponse(new ResponseHeader(Status.SUCCESS, mediaType), body, null);
    }

    public static GeminiResponse notFound() {
        return refused(Status.NOT_FOUND, "Not found", Reason.NOT_FOUND);
    }

    /**
     * A redirect; a {@code 59} when the target is too long for a header, as it can be when built from a request near the
     * limit (a directory's slash added to a 1024-byte request, escapes that expand a path): the request cannot be answered.
     */
    public static GeminiResponse redirect(String target, boolean permanent) {
        if (target.getBytes(StandardCharsets.UTF_8).length > ResponseHeader.MAX_META_BYTES) {
            return refused(Status.BAD_REQUEST, "Redirect target too long", Reason.TOO_LONG);
        }
        return of(permanent ? Status.REDIRECT_PERMANENT : Status.REDIRECT_TEMPORARY, target);
    }

    /** The same response with another meta (a 2x keeps its body). */
    public GeminiResponse withMeta(String meta) {
        return new GeminiResponse(new ResponseHeader(header.status(), meta), header.status().isSuccess() ? body : null, reason);
    }

    public Status status() {
        return header.status();
    }

    public String meta() {
        return header.meta();
    }
}
