package dev.pollux.server;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.pollux.protocol.GeminiResponse;

/** One access-log line, filled in as the request goes along and written once when it ends. */
final class AccessLogEntry {

    private static final int MAX_LOGGED_REQUEST_CHARS = 1100;

    final Instant started = Instant.now();
    final long startedNanos = System.nanoTime();
    final InetSocketAddress client;
    String request = "";
    String capsule = "-";
    String status = "-";
    String meta = "";
    long bytesSent;
    String clientCertificate = "-";
    String handler;
    String tlsProtocol;
    String tlsCipher;

    AccessLogEntry(InetSocketAddress client) {
        this.client = client;
    }

    void request(byte[] line) {
        this.request = escape(new String(line, StandardCharsets.UTF_8));
    }

    void response(GeminiResponse response) {
        this.status = String.valueOf(response.status().code());
        this.meta = escape(response.meta());
    }

    /** A request that got no response: "timeout", "closed". */
    void outcome(String outcome) {
        this.status = outcome;
    }

    /** The first handler to claim the response; later claims (outer handlers passing it on) are ignored. */
    void answeredBy(String name) {
        if (handler == null) {
            handler = name;
        }
    }

    CompletedRequest complete() {
        String answeredBy = handler != null ? handler : (status.length() == 2 ? "router" : "-");
        return new CompletedRequest(started, client, capsule, request, status, meta, bytesSent,
                java.time.Duration.ofNanos(System.nanoTime() - startedNanos), answeredBy, clientCertificate, tlsProtocol, tlsCipher);
    }

    /** Makes the text unable to forge a log line: quotes, backslashes and control characters are escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LOGGED_REQUEST_CHARS) + 8);
        for (int i = 0; i < text.length() && i < MAX_LOGGED_REQUEST_CHARS; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                out.append(String.format("\\x%02x", (int) c));
            } else if (Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_LOGGED_REQUEST_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
