package dev.pollux.protocol;

/**
 * A request that ends with a specific status. Its meta is sent to the client,
 * so it must never carry exception text or file-system details.
 */
public class GeminiException extends RuntimeException {

    private final Status status;
    private final String meta;
    private final Reason reason;

    public GeminiException(Status status, String meta) {
        this(status, meta, null);
    }

    /** @param reason why, for metrics; null when the status alone says it (an application's own answer) */
    public GeminiException(Status status, String meta, Reason reason) {
        super(status.code() + " " + meta, null, false, false);
        this.status = status;
        this.meta = meta;
        this.reason = reason;
    }

    public Status status() {
        return status;
    }

    public String meta() {
        return meta;
    }

    public Reason reason() {
        return reason;
    }

    public GeminiResponse toResponse() {
        return GeminiResponse.refused(status, meta, reason);
    }
}
