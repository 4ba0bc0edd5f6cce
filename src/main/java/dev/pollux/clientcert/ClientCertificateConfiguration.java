package dev.pollux.clientcert;

import java.time.Clock;

import dev.pollux.config.PolluxProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Client certificates: each capsule's policy (trusted CAs from {@code pollux.tls.client-ca-*} or its own
 * {@code client-ca-*}, and its {@code client-certificates} rules), the inspector and the rules handler.
 */
@Configuration(proxyBeanMethods = false)
public class ClientCertificateConfiguration {

    @Bean
    ClientCertificatePolicyCompiler clientCertificatePolicyCompiler(PolluxProperties properties) {
        return new ClientCertificatePolicyCompiler(ClientCaTrust.load("pollux.tls.client-ca-file", properties.tls().clientCaFile(),
                "pollux.tls.client-ca-path", properties.tls().clientCaPath()));
    }

    @Bean
    ClientCertificateInspector clientCertificateInspector(Clock clock) {
        return new ClientCertificateInspector(clock);
    }

    @Bean
    ClientCertificateRulesHandler clientCertificateRulesHandler(Clock clock) {
        return new ClientCertificateRulesHandler(clock);
    }
}
