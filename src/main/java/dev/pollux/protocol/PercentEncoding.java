package dev.pollux.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** RFC 3986 percent-encoding. Unlike URLDecoder, '+' is a plus sign, not a space. */
public final class PercentEncoding {

    private static final String UNRESERVED = "-._~";

    private PercentEncoding() {
    }

    /**
     * Decodes %XX escapes and reads the result as strict UTF-8.
     *
     * @throws IllegalArgumentException on a malformed escape or bytes that are not UTF-8
     */
    public static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated percent escape");
                }
                int high = hexDigit(raw.charAt(i + 1));
                int low = hexDigit(raw.charAt(i + 2));
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("malformed percent escape");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        return decodeUtf8(bytes.toByteArray());
    }

    /** An ASCII hex digit's value, or -1: Character.digit also takes other scripts' digits and full-width letters. */
    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    /** Strict UTF-8: malformed or unmappable input is an error, never U+FFFD. */
    public static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8", e);
        }
    }

    /**
     * Encodes what may not appear raw in a URL (spaces, non-ASCII, quotes...) and leaves URL syntax
     * and existing escapes alone: for URLs built from decoded text, such as redirect targets.
     */
    public static String encodeUnsafe(String url) {
        StringBuilder out = new StringBuilder(url.length() + 8);
        for (byte b : url.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0;
            if (safe) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Encodes one path segment: everything but unreserved characters becomes %XX of its UTF-8 bytes. */
    public static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || UNRESERVED.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
