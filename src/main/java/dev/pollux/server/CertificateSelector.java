package dev.pollux.server;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.protocol.HostNames;
import dev.pollux.tls.ServerCertificate;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import reactor.netty.tcp.SslProvider;

/**
 * Chooses the TLS context during the handshake from the SNI name: the capsule serving that
 * name, or the default capsule when the client sent no name or one no capsule serves.
 */
final class CertificateSelector implements AsyncMapping<String, SslProvider> {

    private final CapsuleRegistry capsules;
    private final Map<Capsule, SslProvider> providers = new IdentityHashMap<>();

    CertificateSelector(CapsuleRegistry capsules, Function<Capsule, ServerCertificate> certificates, Duration handshakeTimeout) {
        this.capsules = capsules;
        for (Capsule capsule : capsules.capsules()) {
            SslProvider provider = SslProvider.builder()
                    .sslContext(SslContexts.forServer(certificates.apply(capsule)))
                    .handshakeTimeout(handshakeTimeout)
                    .build();
            providers.put(capsule, provider);
        }
    }

    SslProvider defaultProvider() {
        return providers.get(capsules.defaultCapsule());
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
            return capsules.find(HostNames.normalize(serverName)).map(providers::get).orElseGet(this::defaultProvider);
        } catch (IllegalArgumentException e) {
            return defaultProvider();
        }
    }
}
