package dev.pollux.handler.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import dev.pollux.protocol.ResponseHeader;
import io.netty.buffer.ByteBuf;

/** The first line of an application's output, gathered across reads, never longer than a header can be. */
final class HeaderLine {

    private static final int LOGGED_CHARS = 80;

    private final byte[] bytes = new byte[ResponseHeader.MAX_LINE_BYTES];
    private int length;
    private boolean tooLong;

    /** Reads up to and including the line's LF, leaving the rest in {@code content}; true once the line is whole or too long. */
    boolean read(ByteBuf content) {
        while (content.isReadable()) {
            byte next = content.readByte();
            if (next == '\n') {
                return true;
            }
            if (length == bytes.length) {
                tooLong = true;
                return true;
            }
            bytes[length++] = next;
        }
        return false;
    }

    /** The header, checked as a CGI script's (and a proxied backend's); empty when the line is not one. */
    Optional<ResponseHeader> header() {
        return tooLong ? Optional.empty() : ResponseHeader.parse(Arrays.copyOf(bytes, length));
    }

    /** The line's start, for a log entry. */
    String start() {
        return new String(bytes, 0, Math.min(length, LOGGED_CHARS), StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
    }
}
