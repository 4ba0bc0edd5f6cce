package dev.pollux.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.protocol.HostNames;
import dev.pollux.tls.ServedCertificates;
import dev.pollux.tls.ServedTicketKeys;
import dev.pollux.tls.ServerCertificate;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import reactor.netty.tcp.SslProvider;

/**
 * Chooses the TLS context during the handshake from the SNI name: the capsule serving that name
 * (exact names and aliases, then wildcards), or the default capsule when the client sent no name
 * or one no capsule serves.
 */
final class CertificateSelector implements AsyncMapping<String, SslProvider> {

    private final CapsuleRegistry capsules;
    /** By the capsule's configured host name, so every subdomain of a wildcard capsule shares its certificate. */
    private final Map<String, SslProvider> providers = new ConcurrentHashMap<>();
    private final Duration handshakeTimeout;
    private final Duration closeNotifyFlushTimeout;

    private final ServedTicketKeys ticketKeys;

    /**
     * Follows {@code certificates} and {@code ticketKeys}: a reloaded certificate is used from the next handshake on, and
     * rotated ticket keys from the next ticket on, in every capsule's context.
     */
    CertificateSelector(CapsuleRegistry capsules, ServedCertificates certificates, ServedTicketKeys ticketKeys,
                        Duration handshakeTimeout, Duration closeNotifyFlushTimeout) {
        this.capsules = capsules;
        this.ticketKeys = ticketKeys;
        this.handshakeTimeout = handshakeTimeout;
        this.closeNotifyFlushTimeout = closeNotifyFlushTimeout;
        certificates.current().forEach(this::use);
        certificates.onChange(this::use);
        ticketKeys.onChange(keys -> providers.values().forEach(provider -> SslContexts.useTicketKeys(provider.getSslContext(), keys)));
    }

    private void use(String capsule, ServerCertificate certificate) {
        SslContext context = SslContexts.forServer(certificate);
        ticketKeys.current().ifPresent(keys -> SslContexts.useTicketKeys(context, keys));
        providers.put(capsule, SslProvider.builder()
                .sslContext(context)
                .handshakeTimeout(handshakeTimeout)
                // close_notify follows the last body bytes, which a slow reader may still be taking
                .closeNotifyFlushTimeout(closeNotifyFlushTimeout)
                .build());
    }

    SslProvider defaultProvider() {
        return providers.get(capsules.defaultCapsule().hostname());
    }

    @Override
    public Future<SslProvider> map(String serverName, Promise<SslProvider> promise) {
        return promise.setSuccess(providerFor(serverName));
    }

    private SslProvider providerFor(String serverName) {
        if (serverName == null) {
            return defaultProvider();
        }
        try {
            return capsules.find(HostNames.normalize(serverName)).map(capsule -> providers.get(capsule.hostname())).orElseGet(this::defaultProvider);
        } catch (IllegalArgumentException e) {
            return defaultProvider();
        }
    }
}
