package dev.pollux.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The Gemini listener ({@code pollux.server.*}).
 *
 * @param address                 address to bind: {@code 0.0.0.0} for all IPv4 interfaces, {@code ::} for IPv4 and IPv6
 * @param port                    port to bind; 0 picks a free one
 * @param publicPort              the port clients put in URLs, when it differs from {@code port} (port mapping, Kubernetes
 *                                Services); defaults to the bound port
 * @param requestTimeout          how long a client may take for its TLS handshake, and then again for its request line, before
 *                                it is disconnected
 * @param backlog                 listen queue length: bursts of new connections wait here instead of being refused
 * @param acceptIpHosts           serve requests whose host is an IP address of this server with the default capsule
 * @param drainTimeout            on shutdown, how long responses in flight may take to finish before their connections are cut
 * @param writeBuffer             response bytes queued for one connection before the server stops producing more (files are
 *                                read, scripts are read, streams are pulled only while less is queued): the memory a slow
 *                                reader can hold
 * @param writeTimeout            a connection whose queued response bytes are not taken by the client for this long is cut
 *                                (and its script killed)
 * @param maxConnections          connections open at once, handshakes included; more are closed at accept, before TLS
 * @param maxConnectionsPerClient connections open at once from one client address (an IPv6 client: its /64), checked at accept
 *                                (with the PROXY protocol, on the address the header names)
 * @param proxyProtocol           every connection starts with a PROXY protocol header (v1 or v2) from a load balancer, and the
 *                                client address it names is the one used everywhere: rate limits, connection limits, the access
 *                                log, CGI, metrics. Connections without a valid header are closed before TLS
 * @param trustedProxies          with {@code proxy-protocol}: CIDR ranges of the balancers allowed to send the header, such as
 *                                {@code 10.0.0.0/8}; connections from anywhere else are closed before TLS. Required when it is on
 */
public record ServerProperties(
        @NotBlank @DefaultValue("0.0.0.0") String address,
        @Min(0) @Max(65535) @DefaultValue("1965") int port,
        @Min(1) @Max(65535) Integer publicPort,
        @DefaultValue("10s") Duration requestTimeout,
        @Min(1) @DefaultValue("4096") int backlog,
        @DefaultValue("false") boolean acceptIpHosts,
        @DefaultValue("20s") Duration drainTimeout,
        @DefaultValue("32KB") DataSize writeBuffer,
        @DefaultValue("60s") Duration writeTimeout,
        @Min(1) @DefaultValue("4096") int maxConnections,
        @Min(1) @DefaultValue("64") int maxConnectionsPerClient,
        @DefaultValue("false") boolean proxyProtocol,
        @DefaultValue List<String> trustedProxies) {

    public ServerProperties {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new InvalidConfigurationException("pollux.server.request-timeout", "must be positive, was " + requestTimeout);
        }
        if (drainTimeout.isNegative()) {
            throw new InvalidConfigurationException("pollux.server.drain-timeout", "must not be negative, was " + drainTimeout);
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new InvalidConfigurationException("pollux.server.write-timeout", "must be positive, was " + writeTimeout);
        }
        if (writeBuffer.toBytes() < 1024 || writeBuffer.toBytes() > Integer.MAX_VALUE) {
            throw new InvalidConfigurationException("pollux.server.write-buffer", "must be between 1KB and 2GB, was " + writeBuffer);
        }
    }
}
