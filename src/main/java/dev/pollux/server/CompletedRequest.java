package dev.pollux.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * One connection's request, as it ended: what the access log writes and metrics count.
 *
 * @param capsule     the capsule's configured host name, or "-" when the request never reached one
 * @param request     the request line, escaped so it cannot forge a log line
 * @param status      the two-digit status sent, or "timeout", "closed", "error" when none was
 * @param handler     the handler that answered, "router" for answers given before any handler ran, or "-"
 * @param certificate the client certificate's SHA-256 fingerprint, or "-"
 * @param tlsProtocol the TLS version, or null
 */
public record CompletedRequest(
        Instant started,
        InetSocketAddress client,
        String capsule,
        String request,
        String status,
        String meta,
        long bytesSent,
        Duration duration,
        String handler,
        String certificate,
        String tlsProtocol,
        String tlsCipher) {

    /** True when the status is one sent to the client (not a timeout or a dropped connection). */
    public boolean answered() {
        return status.length() == 2 && Character.isDigit(status.charAt(0));
    }
}
