package dev.pollux.protocol;

import java.util.List;

/**
 * A parsed request line.
 *
 * @param url          the URL exactly as received
 * @param host         the URL's host, normalised by {@link HostNames}
 * @param port         the URL's port, 1965 when it names none
 * @param rawPath      the path as received, still percent-encoded (may be empty)
 * @param pathSegments the path's segments after the leading '/', each percent-decoded on its own
 *                     (so an encoded '/' stays inside its segment); a trailing '/' gives a last empty segment
 * @param rawQuery     the query as received, still percent-encoded, or null when there is none
 */
public record GeminiRequest(String url, String host, int port, String rawPath, List<String> pathSegments, String rawQuery) {

    public static final int DEFAULT_PORT = 1965;

    public GeminiRequest {
        pathSegments = List.copyOf(pathSegments);
    }

    /** The query decoded as user input (status 10 answers), or null when there is none. */
    public String query() {
        return rawQuery == null ? null : PercentEncoding.decode(rawQuery);
    }

    /** The decoded path, always starting with '/': for rules and logs, never for file lookup. */
    public String path() {
        return "/" + String.join("/", pathSegments);
    }

    /** True for the empty path, which is the same page as "/". */
    public boolean endsWithSlash() {
        return rawPath.isEmpty() || rawPath.endsWith("/");
    }

    /** "gemini://" and the authority as received, for building absolute redirects. */
    public String origin() {
        int start = url.indexOf("//") + 2;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return "gemini://" + url.substring(start, end);
    }
}
