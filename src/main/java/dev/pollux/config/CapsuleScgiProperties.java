package dev.pollux.config;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * An SCGI application behind a path of a capsule ({@code pollux.capsules[N].scgi[M].*}). One connection per request.
 *
 * @param path           the path prefix it answers, matched on whole segments of the canonical request path; it is
 *                       the application's {@code SCRIPT_NAME}, the rest of the path its {@code PATH_INFO}
 * @param address        where the application listens: {@code unix:/run/app.sock} or {@code host:port}
 *                       (a host name is resolved once, at startup)
 * @param connectTimeout how long connecting may take; then the client gets {@code 42}
 * @param headerTimeout  how long the application may take to send its header; then the client gets {@code 42}
 * @param bodyTimeout    how long the application may stay silent while the client waits for more of the body; then the response is cut
 * @param maxConnections requests to the application at once; past it, requests get {@code 41}
 * @param environment    extra headers sent with every request (name to value)
 */
public record CapsuleScgiProperties(
        @NotNull String path,
        @NotBlank String address,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration headerTimeout,
        @DefaultValue("30s") Duration bodyTimeout,
        @Min(1) @DefaultValue("16") int maxConnections,
        @DefaultValue Map<String, String> environment) {
}
