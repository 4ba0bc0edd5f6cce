package dev.pollux.handler.scgi;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * An SCGI request (SCGI 1, python.ca/scgi/protocol.txt): the headers as one netstring of NUL-terminated names
 * and values, {@code CONTENT_LENGTH} first, then {@code SCGI: 1}, then the request's variables; no body
 * follows, as a Gemini request has none.
 */
final class ScgiRequestEncoder {

    private ScgiRequestEncoder() {
    }

    static ByteBuf request(ByteBufAllocator allocator, Map<String, String> variables) {
        ByteBuf headers = allocator.buffer();
        try {
            header(headers, "CONTENT_LENGTH", "0");
            header(headers, "SCGI", "1");
            variables.forEach((name, value) -> {
                // a NUL would end the value early; a certificate's common name is the only value a client can fill with one
                if (value.indexOf('\0') < 0 && !name.equals("CONTENT_LENGTH") && !name.equals("SCGI")) {
                    header(headers, name, value);
                }
            });
            ByteBuf out = allocator.buffer(headers.readableBytes() + 16);
            out.writeCharSequence(headers.readableBytes() + ":", StandardCharsets.US_ASCII);
            out.writeBytes(headers).writeByte(',');
            return out;
        } finally {
            headers.release();
        }
    }

    private static void header(ByteBuf out, String name, String value) {
        out.writeCharSequence(name, StandardCharsets.UTF_8);
        out.writeByte(0);
        out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.writeByte(0);
    }
}
