package dev.pollux.server;

/**
 * Why the server ended a response before its body was complete. Such a connection is closed without
 * TLS close_notify: in Gemini the close is the only end-of-body signal, so a client must be able to tell
 * a cut body from a complete one.
 */
public enum Cut {
    /** The client took none of the queued bytes for {@code pollux.server.write-timeout}. */
    WRITE_TIMEOUT("write_timeout"),
    /** Shutdown's drain timeout passed with the response still being written. */
    DRAIN_TIMEOUT("drain_timeout"),
    /** The body failed after its header was sent: a read error, a script that broke off. */
    BODY_FAILED("body_failed"),
    /** The client closed the connection before it had the whole body. */
    CLIENT_CLOSED("client_closed");

    private final String tag;

    Cut(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
