package dev.pollux.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.PercentEncoding;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.RequestPath;
import dev.pollux.protocol.Status;
import reactor.core.publisher.Mono;

/**
 * One path prefix of a capsule relayed to a backend. Matching and rewriting work on the canonical path's segments,
 * so every spelling of a path ({@code //wiki/./a}, {@code /%77iki/a}, {@code /x/../wiki/a}) is relayed as one
 * ({@code /wiki/a}), and the backend is sent that canonical form under its own prefix.
 *
 * @param path     the mount's path as configured, for logs
 * @param segments the mount's canonical segments: {@code /wiki/} is {@code [wiki]}, and also covers {@code /wiki}
 */
record ProxyMount(String path, List<String> segments, BackendAddress backend, BackendClient client) {

    ProxyMount {
        segments = List.copyOf(segments);
    }

    boolean matches(RequestPath request) {
        List<String> requested = request.segments();
        return requested.size() >= segments.size() && requested.subList(0, segments.size()).equals(segments);
    }

    /** Relays the request; a URL that the rewriting made longer than a request line may be is refused with {@code 59}. */
    Mono<GeminiResponse> relay(GeminiRequest request) {
        String url = backendUrl(request);
        if (url.getBytes(StandardCharsets.UTF_8).length > 1024) {
            return Mono.just(GeminiResponse.refused(Status.BAD_REQUEST, "Request too long", Reason.TOO_LONG));
        }
        return client.exchange(url);
    }

    /**
     * The backend's URL for a request this mount matches: its prefix, then the request's canonical segments after the
     * mount's, each percent-encoded, the request's trailing slash, and its query as received. {@code /wiki/a/?q} under
     * {@code /wiki/} to {@code gemini://backend/w/} is {@code gemini://backend/w/a/?q}.
     */
    String backendUrl(GeminiRequest request) {
        RequestPath path = request.path();
        StringBuilder url = new StringBuilder(backend.origin());
        List<String> rest = path.segments().subList(segments.size(), path.segments().size());
        for (String segment : backend.prefix()) {
            url.append('/').append(PercentEncoding.encodeSegment(segment));
        }
        for (String segment : rest) {
            url.append('/').append(PercentEncoding.encodeSegment(segment));
        }
        boolean empty = backend.prefix().isEmpty() && rest.isEmpty();
        if (empty || path.trailingSlash()) {
            url.append('/');
        }
        if (request.rawQuery() != null) {
            url.append('?').append(request.rawQuery());
        }
        return url.toString();
    }
}
