package dev.pollux.handler.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One application behind a path prefix of a capsule, compiled from {@code pollux.capsules[N].fastcgi[M]} or
 * {@code .scgi[M]}, with its connections.
 *
 * @param segments    the prefix's path segments; {@code SCRIPT_NAME} is them joined, {@code ""} for the root
 * @param address     the configured address, for logs
 * @param environment extra variables sent with every request
 */
public record GatewayMount(
        Kind kind,
        List<String> segments,
        String address,
        Duration headerTimeout,
        Duration bodyTimeout,
        Map<String, String> environment,
        ApplicationConnections connections) {

    /** The protocol a mount speaks; each has its own handler stage. */
    public enum Kind { FASTCGI, SCGI }

    public GatewayMount {
        segments = List.copyOf(segments);
        environment = Map.copyOf(environment);
    }

    public String scriptName() {
        return segments.isEmpty() ? "" : "/" + String.join("/", segments);
    }
}
