package dev.pollux.handler.fastcgi;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The records the server sends (FastCGI 1.0): BEGIN_REQUEST in the Responder role, the variables as
 * name-value pairs in PARAMS records, and an empty STDIN (a Gemini request has no body); or ABORT_REQUEST.
 * One request at a time per connection, so every request has ID 1.
 */
final class FastCgiRequestEncoder {

    static final int REQUEST_ID = 1;
    private static final int RESPONDER = 1;
    private static final int KEEP_CONN = 1;
    /** Content per record, a multiple of 8 so no PARAMS record needs padding. */
    private static final int MAX_CONTENT = 65528;

    private FastCgiRequestEncoder() {
    }

    static ByteBuf request(ByteBufAllocator allocator, Map<String, String> params, boolean keepConnection) {
        ByteBuf pairs = allocator.buffer();
        ByteBuf out = allocator.buffer();
        try {
            params.forEach((name, value) -> pair(pairs, name, value));
            header(out, FastCgiRecord.BEGIN_REQUEST, 8, 0);
            out.writeShort(RESPONDER).writeByte(keepConnection ? KEEP_CONN : 0).writeZero(5);
            while (pairs.isReadable()) {
                int length = Math.min(pairs.readableBytes(), MAX_CONTENT);
                int padding = (8 - length % 8) % 8;
                header(out, FastCgiRecord.PARAMS, length, padding);
                out.writeBytes(pairs, length).writeZero(padding);
            }
            header(out, FastCgiRecord.PARAMS, 0, 0);
            header(out, FastCgiRecord.STDIN, 0, 0);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            pairs.release();
        }
    }

    static ByteBuf abort(ByteBufAllocator allocator) {
        ByteBuf out = allocator.buffer(FastCgiRecord.HEADER_BYTES);
        header(out, FastCgiRecord.ABORT_REQUEST, 0, 0);
        return out;
    }

    private static void header(ByteBuf out, int type, int contentLength, int paddingLength) {
        out.writeByte(FastCgiRecord.VERSION).writeByte(type).writeShort(REQUEST_ID)
                .writeShort(contentLength).writeByte(paddingLength).writeByte(0);
    }

    /** Section 3.4: each length in one byte below 128, otherwise in four with the top bit set. */
    private static void pair(ByteBuf out, String name, String value) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        length(out, nameBytes.length);
        length(out, valueBytes.length);
        out.writeBytes(nameBytes).writeBytes(valueBytes);
    }

    private static void length(ByteBuf out, int length) {
        if (length < 128) {
            out.writeByte(length);
        } else {
            out.writeInt(length | 0x80000000);
        }
    }
}
