package dev.pollux.handler.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

import dev.pollux.protocol.ResponseHeader;

/**
 * Reads and checks the first line a script prints: a status the specification defines, a space,
 * at most 1024 bytes of UTF-8 meta, and LF or CRLF. Anything else is not a header. The rules are
 * {@link ResponseHeader#parse}'s, which the reverse proxy applies to backends too.
 */
final class CgiHeaderParser {

    static final int MAX_LINE_BYTES = ResponseHeader.MAX_LINE_BYTES;

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

    /** The header in a line read by {@link #readLine}, without its LF; empty when the line is not one ({@link ResponseHeader#parse}). */
    static Optional<ResponseHeader> parse(byte[] line) {
        return ResponseHeader.parse(line);
    }
}
