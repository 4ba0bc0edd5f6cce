package dev.pollux.protocol;

/**
 * A request that ends with a specific status. Its meta is sent to the client,
 * so it must never carry exception text or file-system details.
 */
public class GeminiException extends RuntimeException {

    private final Status status;
    private final String meta;

    public GeminiException(Status status, String meta) {
        super(status.code() + " " + meta, null, false, false);
        this.status = status;
        this.meta = meta;
    }

    public Status status() {
        return status;
    }

    public String meta() {
        return meta;
    }

    public GeminiResponse toResponse() {
        return GeminiResponse.of(status, meta);
    }
}
