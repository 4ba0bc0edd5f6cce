package dev.pollux.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

import dev.pollux.handler.Stage;
import dev.pollux.protocol.Reason;

/**
 * One connection's request, as it ended: what the access log writes and metrics count.
 *
 * @param capsule     the capsule's configured host name, or "-" when the request never reached one
 * @param request     the request line as received (decoded as UTF-8; it may hold any character: escape it before logging)
 * @param status      the two-digit status sent, or "timeout", "closed", "error" when none was
 * @param stage       where the request was answered, or null when no answer was sent
 * @param reason      why it was refused, or null when it was not (or no answer was sent)
 * @param cut         why the response was cut before its body was complete, or null when it was not
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
        Stage stage,
        Reason reason,
        Cut cut,
        String certificate,
        String tlsProtocol,
        String tlsCipher) {

    /** True when the status is one sent to the client (not a timeout or a dropped connection). */
    public boolean answered() {
        return stage != null;
    }

    /** The {@code handler} label: the answering stage's tag, or "-" when nothing was answered. */
    public String handlerTag() {
        return stage == null ? "-" : stage.tag();
    }
}
