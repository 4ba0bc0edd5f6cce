package dev.pollux.protocol;

import java.util.OptionalInt;

/**
 * A parsed request line.
 *
 * @param url      the URL exactly as received
 * @param host     the URL's host, normalised by {@link HostNames}
 * @param port     the URL's port, empty when it names none (then the server's own port is meant)
 * @param path     the canonical path every rule and lookup matches on
 * @param rawQuery the query as received, still percent-encoded, or null when there is none
 * @param titan    for a Titan upload ({@code titan://}), its size, media type and token; null for a Gemini request
 */
public record GeminiRequest(String url, String host, OptionalInt port, RequestPath path, String rawQuery, TitanParameters titan) {

    public static final int DEFAULT_PORT = 1965;

    /** A Gemini request. */
    public GeminiRequest(String url, String host, OptionalInt port, RequestPath path, String rawQuery) {
        this(url, host, port, path, rawQuery, null);
    }

    /** True for a Titan upload, whose body follows its request line. */
    public boolean isTitan() {
        return titan != null;
    }

    /** The query decoded as user input (status 10 answers), or null when there is none. */
    public String query() {
        return rawQuery == null ? null : PercentEncoding.decode(rawQuery);
    }

    /** "gemini://" and the authority as received, for building absolute redirects (a Titan upload's too: to read what was written). */
    public String origin() {
        int start = url.indexOf("//") + 2;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return "gemini://" + url.substring(start, end);
    }
}
