package dev.pollux.config;

import java.time.Clock;
import java.util.List;

import dev.pollux.capsule.BuiltInCapsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.clientcert.ClientCertificateConfiguration;
import dev.pollux.handler.HandlerOrder;
import dev.pollux.handler.file.ContainedPathResolver;
import dev.pollux.handler.file.DirectoryListing;
import dev.pollux.handler.file.MimeTypes;
import dev.pollux.handler.file.StaticFileHandler;
import dev.pollux.handler.rules.CapsuleRulesHandler;
import dev.pollux.tls.CapsuleCertificates;
import dev.pollux.tls.CertificateReloader;
import dev.pollux.tls.SelfSignedCertificateGenerator;
import dev.pollux.tls.ServedCertificates;
import dev.pollux.tls.ServerCertificateStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.scheduler.Schedulers;

/** Capsules, certificates and the static-file handler, from {@link PolluxProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolluxProperties.class)
@Import(ClientCertificateConfiguration.class)
public class PolluxConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CapsuleRegistry capsuleRegistry(PolluxProperties properties) {
        BuiltInCapsule welcome = new BuiltInCapsule();
        return CapsuleRegistry.from(properties.capsules(), welcome::root);
    }

    @Bean
    ServerCertificateStore serverCertificateStore(PolluxProperties properties, Clock clock) {
        return new ServerCertificateStore(properties.tls().certificateDirectory(), new SelfSignedCertificateGenerator(clock));
    }

    /** Each capsule's certificate, loaded (or generated) at startup and replaced by hot reload. */
    @Bean
    ServedCertificates servedCertificates(PolluxProperties properties, CapsuleRegistry capsules, ServerCertificateStore store,
                                          ObjectProvider<SslBundles> sslBundles) {
        return new ServedCertificates(capsuleCertificates(properties, store, sslBundles).load(capsules, properties.capsules()));
    }

    @Bean
    CertificateReloader certificateReloader(PolluxProperties properties, CapsuleRegistry capsules, ServerCertificateStore store,
                                            ObjectProvider<SslBundles> sslBundles, ServedCertificates served) {
        List<CertificateReloader.PemSource> sources = capsuleCertificates(properties, store, sslBundles).pemSources(capsules, properties.capsules());
        return new CertificateReloader(sources, served, properties.tls().reloadInterval());
    }

    private static CapsuleCertificates capsuleCertificates(PolluxProperties properties, ServerCertificateStore store, ObjectProvider<SslBundles> sslBundles) {
        return new CapsuleCertificates(properties.tls(), store, sslBundles.getIfAvailable());
    }

    @Bean
    MimeTypes mimeTypes(PolluxProperties properties) {
        return new MimeTypes(properties.mimeTypes());
    }

    @Bean
    @Order(HandlerOrder.CAPSULE_RULES)
    CapsuleRulesHandler capsuleRulesHandler() {
        return new CapsuleRulesHandler();
    }

    /** Last in the chain: whatever no other handler claims is looked up as a file. */
    @Bean
    @Order(HandlerOrder.STATIC_FILES)
    StaticFileHandler staticFileHandler(MimeTypes mimeTypes, DataBufferFactory geminiBufferFactory) {
        ContainedPathResolver resolver = new ContainedPathResolver();
        return new StaticFileHandler(resolver, new DirectoryListing(resolver), mimeTypes,
                geminiBufferFactory, Schedulers.boundedElastic());
    }
}
