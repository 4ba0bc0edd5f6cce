package dev.pollux.protocol;

import java.nio.charset.StandardCharsets;

/** The {@code NN meta\r\n} line, validated so that a response can never forge a second line. */
public record ResponseHeader(Status status, String meta) {

    public static final int MAX_META_BYTES = 1024;

    public ResponseHeader {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        meta = meta == null ? "" : meta;
        if (meta.indexOf('\r') >= 0 || meta.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("meta must not contain CR or LF");
        }
        if (meta.getBytes(StandardCharsets.UTF_8).length > MAX_META_BYTES) {
            throw new IllegalArgumentException("meta is longer than " + MAX_META_BYTES + " bytes");
        }
    }

    public byte[] encode() {
        return (status.code() + " " + meta + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
