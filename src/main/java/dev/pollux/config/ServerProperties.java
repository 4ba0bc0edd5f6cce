package dev.pollux.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Gemini listener ({@code pollux.server.*}).
 *
 * @param address        address to bind: {@code 0.0.0.0} for all IPv4 interfaces, {@code ::} for IPv4 and IPv6
 * @param port           port to bind; 0 picks a free one
 * @param publicPort     the port clients put in URLs, when it differs from {@code port} (port mapping, Kubernetes Services); defaults to the bound port
 * @param requestTimeout how long a client may take for its TLS handshake, and then again for its request line, before it is disconnected
 * @param backlog        listen queue length: bursts of new connections wait here instead of being refused
 * @param acceptIpHosts  serve requests whose host is an IP address of this server with the default capsule
 * @param drainTimeout   on shutdown, how long responses in flight may take to finish before their connections are closed
 */
public record ServerProperties(
        @NotBlank @DefaultValue("0.0.0.0") String address,
        @Min(0) @Max(65535) @DefaultValue("1965") int port,
        @Min(1) @Max(65535) Integer publicPort,
        @DefaultValue("10s") Duration requestTimeout,
        @Min(1) @DefaultValue("4096") int backlog,
        @DefaultValue("false") boolean acceptIpHosts,
        @DefaultValue("20s") Duration drainTimeout) {

    public ServerProperties {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new InvalidConfigurationException("pollux.server.request-timeout", "must be positive, was " + requestTimeout);
        }
        if (drainTimeout.isNegative()) {
            throw new InvalidConfigurationException("pollux.server.drain-timeout", "must not be negative, was " + drainTimeout);
        }
    }
}
