package dev.pollux.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import dev.pollux.handler.ClientConnection;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.TitanParameters;
import dev.pollux.tls.ClientCertificate;

/** One access-log line, filled in as the request goes along and written once when it ends. */
final class AccessLogEntry {

    private final Instant started = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final InetSocketAddress client;
    private final String clientCertificate;
    private final String tlsProtocol;
    private final String tlsCipher;
    private String request = "";
    private String capsule = "-";
    private String status = "-";
    private String meta = "";
    private long bytesSent;
    private Stage stage;
    private Reason reason;
    private Cut cut;

    AccessLogEntry(ClientConnection connection) {
        this.client = connection.remoteAddress();
        this.clientCertificate = connection.clientCertificate().map(ClientCertificate::fingerprintOf).orElse("-");
        this.tlsProtocol = connection.tlsProtocol();
        this.tlsCipher = connection.tlsCipher();
    }

    /** The request line as received, but for a Titan token's value: a secret, kept out of logs. */
    void request(byte[] line) {
        this.request = TitanParameters.redact(new String(line, StandardCharsets.UTF_8));
    }

    void capsule(String hostname) {
        this.capsule = hostname;
    }

    /** The response about to be sent; answered by the router unless a handler claimed it. */
    void response(GeminiResponse response) {
        this.status = String.valueOf(response.status().code());
        this.meta = response.meta();
        this.reason = response.reason();
        answeredBy(Stage.ROUTER);
    }

    /** A request that got no response: "timeout", "closed", "error". */
    void outcome(String outcome) {
        this.status = outcome;
    }

    boolean ended() {
        return !status.equals("-");
    }

    /** The first stage to claim the response; later claims (outer handlers passing it on) are ignored. */
    void answeredBy(Stage answering) {
        if (stage == null) {
            stage = answering;
        }
    }

    void sent(int bytes) {
        bytesSent += bytes;
    }

    /** The response was cut before its body was complete. */
    void cut(Cut reason) {
        this.cut = reason;
    }

    CompletedRequest complete() {
        return new CompletedRequest(started, client, capsule, request, status, meta, bytesSent,
                Duration.ofNanos(System.nanoTime() - startedNanos), stage, stage == null ? null : reason, cut,
                clientCertificate, tlsProtocol, tlsCipher);
    }
}
