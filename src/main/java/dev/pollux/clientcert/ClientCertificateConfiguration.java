package dev.pollux.clientcert;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.ClientCertificateRuleProperties;
import dev.pollux.config.ClientCertificateRuleProperties.Require;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.PolluxProperties;
import dev.pollux.handler.HandlerOrder;
import dev.pollux.protocol.ResponseHeader;
import dev.pollux.protocol.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The client-certificate inspector and rules, from {@code pollux.tls.client-ca-*} and each capsule's
 * {@code client-ca-*} and {@code client-certificates}. Settings that cannot work fail startup here.
 */
@Configuration(proxyBeanMethods = false)
public class ClientCertificateConfiguration {

    @Bean
    ClientCertificateInspector clientCertificateInspector(PolluxProperties properties, CapsuleRegistry capsules, Clock clock) {
        ClientCaTrust serverTrust = ClientCaTrust.load("pollux.tls.client-ca-file", properties.tls().clientCaFile(),
                "pollux.tls.client-ca-path", properties.tls().clientCaPath());
        Map<String, ClientCaTrust> trustByCapsule = new HashMap<>();
        forEachConfiguredCapsule(properties, capsules, (prefix, configured, capsule) -> {
            if (configured.clientCaFile() != null || configured.clientCaPath() != null) {
                trustByCapsule.put(capsule.hostname(), ClientCaTrust.load(prefix + ".client-ca-file", configured.clientCaFile(),
                        prefix + ".client-ca-path", configured.clientCaPath()));
            }
        });
        return new ClientCertificateInspector(trustByCapsule, serverTrust, clock);
    }

    @Bean
    @Order(HandlerOrder.CLIENT_CERTIFICATE_RULES)
    ClientCertificateRulesHandler clientCertificateRulesHandler(PolluxProperties properties, CapsuleRegistry capsules,
                                                                ClientCertificateInspector inspector, Clock clock) {
        Map<String, List<ClientCertificateRule>> rulesByCapsule = new HashMap<>();
        forEachConfiguredCapsule(properties, capsules, (prefix, configured, capsule) -> {
            List<ClientCertificateRule> rules = new ArrayList<>();
            for (int i = 0; i < configured.clientCertificates().size(); i++) {
                rules.add(rule(prefix + ".client-certificates[" + i + "]", configured.clientCertificates().get(i),
                        inspector.trust(capsule), prefix));
            }
            rulesByCapsule.put(capsule.hostname(), rules);
        });
        return new ClientCertificateRulesHandler(rulesByCapsule, clock);
    }

    private static ClientCertificateRule rule(String prefix, ClientCertificateRuleProperties properties, ClientCaTrust trust,
                                              String capsulePrefix) {
        if (properties.require() == Require.FINGERPRINTS && properties.fingerprints().isEmpty()) {
            throw new InvalidConfigurationException(prefix + ".fingerprints", "require: fingerprints needs at least one fingerprint");
        }
        if (properties.require() != Require.FINGERPRINTS && !properties.fingerprints().isEmpty()) {
            throw new InvalidConfigurationException(prefix + ".fingerprints", "fingerprints are used only with require: fingerprints");
        }
        if (properties.require() == Require.CA && trust.isEmpty()) {
            throw new InvalidConfigurationException(prefix + ".require", "require: ca needs pollux.tls.client-ca-file or -path, or "
                    + capsulePrefix + ".client-ca-file or -path");
        }
        if (properties.meta() != null) {
            try {
                new ResponseHeader(Status.CLIENT_CERTIFICATE_REQUIRED, properties.meta());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(prefix + ".meta", e.getMessage());
            }
        }
        return ClientCertificateRule.of(properties.path(), properties.require(), properties.fingerprints(), properties.meta());
    }

    /** Configured capsules with their property prefix; the registry holds them in the same order. */
    private static void forEachConfiguredCapsule(PolluxProperties properties, CapsuleRegistry capsules, CapsuleVisitor visitor) {
        List<CapsuleProperties> configured = properties.capsules();
        for (int i = 0; i < configured.size(); i++) {
            visitor.visit("pollux.capsules[" + i + "]", configured.get(i), capsules.capsules().get(i));
        }
    }

    @FunctionalInterface
    private interface CapsuleVisitor {
        void visit(String prefix, CapsuleProperties configured, Capsule capsule);
    }
}
