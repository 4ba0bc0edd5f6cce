package dev.pollux.server;

import java.util.List;

/**
 * What happens to connections below the request level, from accept on: for metrics. Called on an
 * event-loop thread: never block.
 */
public interface ConnectionEvents {

    ConnectionEvents NONE = new ConnectionEvents() {
    };

    /** A TCP connection was accepted and admitted. */
    default void opened() {
    }

    /** An admitted connection closed. */
    default void closed() {
    }

    /** A TCP connection was closed at accept, before TLS. */
    default void refused(ConnectionRefusal reason) {
    }

    /**
     * Before the first connection: the protocols and cipher suites handshakes may negotiate, so that counters by them
     * can start at zero. Called once, on the thread that starts the server.
     */
    default void negotiable(List<String> protocols, List<String> cipherSuites) {
    }

    /** A TLS handshake completed with this protocol and cipher suite (a new session, or one resumed). */
    default void handshakeCompleted(String protocol, String cipher) {
    }

    /** A TLS handshake completed by resuming an earlier session (a ticket of this server, or of a replica sharing its keys). */
    default void resumed() {
    }

    /** A TLS handshake failed. */
    default void handshakeFailed(HandshakeFailure reason) {
    }

    /** A response was cut before its body was complete. */
    default void cut(Cut reason) {
    }
}
