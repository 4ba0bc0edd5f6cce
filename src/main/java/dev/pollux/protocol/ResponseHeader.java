package dev.pollux.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The {@code NN meta\r\n} line, validated so that a response can never forge a second line. */
public record ResponseHeader(Status status, String meta) {

    public static final int MAX_META_BYTES = 1024;
    /** "NN " + meta + CRLF: the longest line a header can be. */
    public static final int MAX_LINE_BYTES = 3 + MAX_META_BYTES + 2;

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

    /**
     * The header in a line that a script or another server sent, without its LF (a CR before it is allowed): a status
     * the specification defines, a space, and at most 1024 bytes of UTF-8 meta. Empty when the line is not a header.
     */
    public static Optional<ResponseHeader> parse(byte[] line) {
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        if (length < 3 || !isDigit(line[0]) || !isDigit(line[1]) || line[2] != ' ') {
            return Optional.empty();
        }
        Status status = Status.ofCode((line[0] - '0') * 10 + (line[1] - '0'));
        if (status == null) {
            return Optional.empty();
        }
        String meta;
        try {
            meta = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, 3, length - 3))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ResponseHeader(status, meta));
        } catch (IllegalArgumentException e) {
            // a CR inside the line, or meta over 1024 bytes
            return Optional.empty();
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    public byte[] encode() {
        return (status.code() + " " + meta + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
