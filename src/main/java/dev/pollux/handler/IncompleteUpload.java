package dev.pollux.handler;

import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;

/** An upload body that ended before its size: nothing of it may be kept. Answered {@code 59}, when the client is still there to read it. */
public final class IncompleteUpload extends GeminiException {

    private IncompleteUpload(String meta, Reason reason) {
        super(Status.BAD_REQUEST, meta, reason);
    }

    /** The client closed the connection before sending the whole body. */
    public static IncompleteUpload closed() {
        return new IncompleteUpload("Upload incomplete", Reason.UPLOAD_INCOMPLETE);
    }

    /** The client sent nothing for the request timeout while more of its body was expected. */
    public static IncompleteUpload timedOut() {
        return new IncompleteUpload("Upload timed out", Reason.UPLOAD_TIMEOUT);
    }
}
