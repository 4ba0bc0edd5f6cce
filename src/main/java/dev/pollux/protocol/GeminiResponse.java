package dev.pollux.protocol;

import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * A status, its meta and, for 2x only, a body streamed as data buffers.
 * Bodies are {@link DataBuffer}s so that file, process and application output
 * all reach the socket without copies.
 */
public record GeminiResponse(ResponseHeader header, Flux<DataBuffer> body) {

    public GeminiResponse {
        if (!header.status().isSuccess() && body != null) {
            throw new IllegalArgumentException("only 2x responses have a body");
        }
        body = body == null ? Flux.empty() : body;
    }

    public static GeminiResponse of(Status status, String meta) {
        return new GeminiResponse(new ResponseHeader(status, meta), null);
    }

    public static GeminiResponse success(String mediaType, Flux<DataBuffer> body) {
        return new GeminiResponse(new ResponseHeader(Status.SUCCESS, mediaType), body);
    }

    public static GeminiResponse notFound() {
        return of(Status.NOT_FOUND, "Not found");
    }

    public static GeminiResponse redirect(String target, boolean permanent) {
        return of(permanent ? Status.REDIRECT_PERMANENT : Status.REDIRECT_TEMPORARY, target);
    }

    /** The same response with another meta (a 2x keeps its body). */
    public GeminiResponse withMeta(String meta) {
        return new GeminiResponse(new ResponseHeader(header.status(), meta), header.status().isSuccess() ? body : null);
    }

    public Status status() {
        return header.status();
    }

    public String meta() {
        return header.meta();
    }
}
