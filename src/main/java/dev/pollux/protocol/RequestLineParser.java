package dev.pollux.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.OptionalInt;

/**
 * Turns the bytes of one request line (without its CRLF) into a {@link GeminiRequest},
 * or throws {@link GeminiException} with 59 (malformed) or 53 (neither a gemini nor a titan URL).
 * Checks run in a fixed order: length, encoding, characters, URL shape, scheme, parts, and last the
 * path, which becomes the one canonical {@link RequestPath}. A titan URL's path ends at its first {@code ;},
 * where its {@link TitanParameters} begin: {@code titan://host/notes/a.gmi;mime=text/gemini;size=12}.
 */
public final class RequestLineParser {

    public static final int MAX_REQUEST_BYTES = 1024;

    public GeminiRequest parse(byte[] line) {
        if (line.length == 0) {
            throw badRequest("Empty request", Reason.EMPTY);
        }
        if (line.length > MAX_REQUEST_BYTES) {
            throw badRequest("Request too long", Reason.TOO_LONG);
        }
        if (line.length >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF) {
            throw badRequest("Byte order mark not allowed", Reason.BYTE_ORDER_MARK);
        }
        String text;
        try {
            text = PercentEncoding.decodeUtf8(line);
        } catch (IllegalArgumentException e) {
            throw badRequest("Invalid UTF-8", Reason.INVALID_UTF8);
        }
        if (ControlCharacters.containsAny(text)) {
            throw badRequest("Control character in request");
        }
        if (text.contains("%00")) {
            throw badRequest("NUL in request");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw badRequest("Malformed URL");
        }
        if (uri.getScheme() == null) {
            throw badRequest("Absolute URL required");
        }
        boolean titan = uri.getScheme().equalsIgnoreCase("titan");
        if (!titan && !uri.getScheme().equalsIgnoreCase("gemini")) {
            throw new GeminiException(Status.PROXY_REQUEST_REFUSED, "Only gemini URLs are served", Reason.NOT_GEMINI);
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw badRequest("URL has no host");
        }
        if (uri.getRawFragment() != null) {
            throw badRequest("Fragment not allowed");
        }
        if (uri.getRawAuthority().contains("@")) {
            throw badRequest("Userinfo not allowed");
        }
        HostAndPort authority = hostAndPort(uri);
        String rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
        TitanParameters parameters = null;
        if (titan) {
            int semicolon = rawPath.indexOf(';');
            if (semicolon < 0) {
                throw badRequest("Titan request without a size");
            }
            parameters = TitanParameters.parse(rawPath.substring(semicolon + 1));
            rawPath = rawPath.substring(0, semicolon);
        }
        RequestPath path = RequestPath.parse(rawPath);
        return new GeminiRequest(text, authority.host, authority.port, path, uri.getRawQuery(), parameters);
    }

    private static HostAndPort hostAndPort(URI uri) {
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null) {
            // java.net.URI leaves Unicode host names (and bad ports) as a registry-based authority.
            String authority = uri.getRawAuthority();
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? -1 : parsePort(authority.substring(colon + 1));
        }
        if (port > 65535) {
            throw badRequest("Invalid port");
        }
        try {
            return new HostAndPort(HostNames.normalize(PercentEncoding.decode(host)), port < 0 ? OptionalInt.empty() : OptionalInt.of(port));
        } catch (IllegalArgumentException e) {
            throw badRequest("Invalid host");
        }
    }

    private static int parsePort(String port) {
        if (port.isEmpty()) {
            return -1;
        }
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw badRequest("Invalid port");
        }
        return Integer.parseInt(port);
    }

    private static GeminiException badRequest(String meta) {
        return badRequest(meta, Reason.MALFORMED);
    }

    private static GeminiException badRequest(String meta, Reason reason) {
        return new GeminiException(Status.BAD_REQUEST, meta, reason);
    }

    private record HostAndPort(String host, OptionalInt port) {
    }
}
