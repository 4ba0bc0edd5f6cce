package dev.pollux.tls;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.PolluxProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Server certificates: each capsule's source, the certificates served now, and hot reload of PEM files; and the
 * session ticket keys shared by replicas, reloaded alike.
 */
@Configuration(proxyBeanMethods = false)
public class TlsConfiguration {

    @Bean
    ServerCertificateStore serverCertificateStore(PolluxProperties properties, Clock clock) {
        return new ServerCertificateStore(properties.tls().certificateDirectory(), new SelfSignedCertificateGenerator(clock));
    }

    @Bean
    CertificateSourceCompiler certificateSourceCompiler(PolluxProperties properties, ServerCertificateStore store,
                                                        ObjectProvider<SslBundles> sslBundles) {
        return new CertificateSourceCompiler(properties.tls(), store, sslBundles.getIfAvailable());
    }

    /** Each capsule's certificate as loaded at startup, replaced by hot reload. */
    @Bean
    ServedCertificates servedCertificates(CapsuleRegistry capsules) {
        Map<String, ServerCertificate> loaded = capsules.capsules().stream().collect(Collectors.toMap(Capsule::hostname,
                capsule -> capsule.policy(CertificateSource.POLICY).loaded(), (a, b) -> a, LinkedHashMap::new));
        return new ServedCertificates(loaded);
    }

    /** The keys of {@code pollux.tls.session-ticket-keys}, or none: each server then makes its own. */
    @Bean
    ServedTicketKeys servedTicketKeys(PolluxProperties properties) {
        Path file = properties.tls().sessionTicketKeys();
        if (file == null) {
            return new ServedTicketKeys(null);
        }
        try {
            return new ServedTicketKeys(SessionTicketKeys.read(file));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("pollux.tls.session-ticket-keys", e.getMessage());
        }
    }

    @Bean
    @ConditionalOnProperty("pollux.tls.session-ticket-keys")
    TicketKeyReloader ticketKeyReloader(PolluxProperties properties, ServedTicketKeys served) {
        return new TicketKeyReloader(properties.tls().sessionTicketKeys(), served, properties.tls().reloadInterval());
    }

    @Bean
    CertificateReloader certificateReloader(PolluxProperties properties, CapsuleRegistry capsules, ServedCertificates served) {
        return new CertificateReloader(capsules.capsules().stream()
                .map(capsule -> capsule.policy(CertificateSource.POLICY).reloadFrom())
                .filter(Objects::nonNull)
                .toList(), served, properties.tls().reloadInterval());
    }
}
