package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import dev.pollux.protocol.ResponseHeader;
import dev.pollux.protocol.Status;

/**
 * Reads and checks the first line a script prints: a status the specification defines, a space,
 * at most 1024 bytes of UTF-8 meta, and LF or CRLF. Anything else is not a header. FastCGI and SCGI
 * applications' headers are checked by the same rules, so a script answers alike through any gateway.
 */
public final class CgiHeaderParser {

    /** "NN " + meta + CRLF. */
    public static final int MAX_LINE_BYTES = 3 + ResponseHeader.MAX_META_BYTES + 2;

    private CgiHeaderParser() {
    }

    /**
     * Blocking: reads up to and including the first LF, one byte at a time so that nothing of the
     * body is consumed. Empty when the stream ends first. A line too long to be a header is returned
     * cut at {@link #MAX_LINE_BYTES}, which {@link #parse} refuses.
     */
    static Optional<byte[]> readLine(InputStream in) throws IOException {
        byte[] line = new byte[MAX_LINE_BYTES];
        for (int length = 0; length < MAX_LINE_BYTES; length++) {
            int next = in.read();
            if (next < 0) {
                return Optional.empty();
            }
            if (next == '\n') {
                return Optional.of(Arrays.copyOf(line, length));
            }
            line[length] = (byte) next;
        }
        return Optional.of(line);
    }

    /** The header in a line read by {@link #readLine}, without its LF; empty when the line is not one. */
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
}
