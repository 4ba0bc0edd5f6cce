package dev.pollux.config;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A FastCGI application behind a path of a capsule ({@code pollux.capsules[N].fastcgi[M].*}).
 *
 * @param path            the path prefix it answers, matched on whole segments of the canonical request path
 *                        ({@code /app} covers {@code /app} and {@code /app/x}, not {@code /apple}); it is the
 *                        application's {@code SCRIPT_NAME}, the rest of the path its {@code PATH_INFO}
 * @param address         where the application listens: {@code unix:/run/app.sock} or {@code host:port}
 *                        (a host name is resolved once, at startup)
 * @param connectTimeout  how long connecting may take; then the client gets {@code 42}
 * @param headerTimeout   how long the application may take to send its header; then the client gets {@code 42}
 * @param bodyTimeout     how long the application may stay silent while the client waits for more of the body; then the response is cut
 * @param maxConnections  connections open to the application at once (busy and kept); past it, requests get {@code 41}
 * @param keepConnections ask the application to keep connections open (FCGI_KEEP_CONN) and reuse them; only for
 *                        applications that serve at least {@code max-connections} connections at once
 * @param environment     extra parameters sent with every request (name to value), such as {@code SCRIPT_FILENAME}
 */
public record CapsuleFastCgiProperties(
        @NotNull String path,
        @NotBlank String address,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration headerTimeout,
        @DefaultValue("30s") Duration bodyTimeout,
        @Min(1) @DefaultValue("16") int maxConnections,
        @DefaultValue("false") boolean keepConnections,
        @DefaultValue Map<String, String> environment) {
}
