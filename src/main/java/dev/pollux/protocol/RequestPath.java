package dev.pollux.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A request's path in the one form every rule, route and lookup matches on: percent-decoded, then split into
 * segments, with dot segments removed as RFC 3986 section 5.2.4 removes them and empty segments ignored, and
 * whether the path ended with a slash kept as a fact. So {@code //x}, {@code /./x}, {@code /a/../x}, {@code /%78}
 * and {@code /a%2F..%2Fx} are one value, {@code /x}: the path a file system would see. A path that climbs
 * above the root is refused. Parsed once per request; nothing else parses or normalises a request path.
 */
public final class RequestPath {

    private static final RequestPath ROOT = new RequestPath("", "", List.of(), new int[0], true);

    private final String raw;
    private final String decoded;
    private final List<String> segments;
    /** For each segment, the offset in {@code decoded} just after it. */
    private final int[] ends;
    private final boolean trailingSlash;

    private RequestPath(String raw, String decoded, List<String> segments, int[] ends, boolean trailingSlash) {
        this.raw = raw;
        this.decoded = decoded;
        this.segments = List.copyOf(segments);
        this.ends = ends;
        this.trailingSlash = trailingSlash;
    }

    /** The root, {@code /}. */
    public static RequestPath root() {
        return ROOT;
    }

    /**
     * Parses a URL's path as received (percent-encoded, empty or starting with {@code /}).
     *
     * @throws GeminiException {@code 59} for bytes that are not UTF-8, control characters, or a path above the root
     */
    public static RequestPath parse(String raw) {
        if (raw.isEmpty()) {
            return ROOT;
        }
        String decoded = decode(raw);
        if (decoded.charAt(0) != '/') {
            throw new GeminiException(Status.BAD_REQUEST, "Malformed path", Reason.MALFORMED);
        }
        List<String> segments = new ArrayList<>();
        int[] ends = new int[decoded.length()];
        boolean trailingSlash = false;
        int start = 1;
        while (start <= decoded.length()) {
            int end = decoded.indexOf('/', start);
            if (end < 0) {
                end = decoded.length();
            }
            String segment = decoded.substring(start, end);
            trailingSlash = segment.isEmpty() || segment.equals(".") || segment.equals("..");
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new GeminiException(Status.BAD_REQUEST, "Path leaves the root", Reason.PATH_ABOVE_ROOT);
                }
                segments.remove(segments.size() - 1);
            } else if (!trailingSlash) {
                ends[segments.size()] = end;
                segments.add(segment);
            }
            start = end + 1;
        }
        return new RequestPath(raw, decoded, segments, Arrays.copyOf(ends, segments.size()), trailingSlash || segments.isEmpty());
    }

    private static String decode(String raw) {
        String decoded;
        try {
            decoded = PercentEncoding.decode(raw);
        } catch (IllegalArgumentException e) {
            throw new GeminiException(Status.BAD_REQUEST, "Invalid UTF-8 in path", Reason.INVALID_UTF8);
        }
        if (ControlCharacters.containsAny(decoded)) {
            throw new GeminiException(Status.BAD_REQUEST, "Control character in path", Reason.MALFORMED);
        }
        return decoded;
    }

    /** The decoded segments, without empty and dot segments. */
    public List<String> segments() {
        return segments;
    }

    /** True when the path ends with a slash (a directory's spelling); always true for the root. */
    public boolean trailingSlash() {
        return trailingSlash;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The path as received, still percent-encoded; empty for a URL without a path. */
    public String raw() {
        return raw;
    }

    /** The segments joined, without a trailing slash: {@code /a/b}, or {@code /} for the root. */
    public String withoutTrailingSlash() {
        return "/" + String.join("/", segments);
    }

    /**
     * What the client sent after the first {@code count} segments, percent-decoded, with every slash and dot
     * kept ({@code PATH_INFO} passes URLs along): for {@code /cgi-bin/run//x%2Fy} and 2, {@code //x/y}.
     */
    public String decodedRawAfter(int count) {
        return count == 0 ? decoded : decoded.substring(ends[count - 1]);
    }

    /** The canonical path, with its trailing slash: {@code /a/b/}, {@code /a/b}, {@code /}. What rules and routes match. */
    public String value() {
        String joined = withoutTrailingSlash();
        return trailingSlash && !segments.isEmpty() ? joined + "/" : joined;
    }

    @Override
    public String toString() {
        return value();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestPath path && path.segments.equals(segments) && path.trailingSlash == trailingSlash;
    }

    @Override
    public int hashCode() {
        return segments.hashCode() * 31 + Boolean.hashCode(trailingSlash);
    }
}
