package dev.pollux.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

/** Everything a server sent on one connection, split into header and body. */
public record GeminiResponseBytes(byte[] all, X509Certificate serverCertificate) {

    /** The header line with its CRLF, exactly as sent. */
    public String header() {
        int end = indexOfCrlf();
        return new String(all, 0, end < 0 ? all.length : end + 2, StandardCharsets.UTF_8);
    }

    public byte[] body() {
        int end = indexOfCrlf();
        return end < 0 ? new byte[0] : Arrays.copyOfRange(all, end + 2, all.length);
    }

    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    public String serverFingerprint() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(serverCertificate.getEncoded());
        return "SHA256:" + HexFormat.of().withUpperCase().formatHex(digest);
    }

    private int indexOfCrlf() {
        for (int i = 0; i + 1 < all.length; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
