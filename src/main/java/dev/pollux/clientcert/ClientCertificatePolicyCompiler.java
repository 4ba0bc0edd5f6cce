package dev.pollux.clientcert;

import java.util.ArrayList;
import java.util.List;

import dev.pollux.capsule.CapsulePolicyCompiler;
import dev.pollux.capsule.CapsuleSource;
import dev.pollux.capsule.PolicyKey;
import dev.pollux.config.CapsuleProperties;
import dev.pollux.config.ClientCertificateRuleProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.protocol.ResponseHeader;
import dev.pollux.protocol.Status;

/** Each capsule's trusted CAs and certificate rules; settings that cannot work fail startup, naming them. */
final class ClientCertificatePolicyCompiler implements CapsulePolicyCompiler<ClientCertificatePolicy> {

    private final ClientCaTrust serverTrust;

    /** @param serverTrust the CAs of {@code pollux.tls.client-ca-*}, for capsules that set none of their own */
    ClientCertificatePolicyCompiler(ClientCaTrust serverTrust) {
        this.serverTrust = serverTrust;
    }

    @Override
    public PolicyKey<ClientCertificatePolicy> key() {
        return ClientCertificatePolicy.POLICY;
    }

    @Override
    public ClientCertificatePolicy compile(CapsuleSource capsule) {
        String prefix = capsule.prefix();
        CapsuleProperties properties = capsule.properties();
        ClientCaTrust trust = properties.clientCaFile() == null && properties.clientCaPath() == null ? serverTrust
                : ClientCaTrust.load(prefix + ".client-ca-file", properties.clientCaFile(), prefix + ".client-ca-path", properties.clientCaPath());
        List<ClientCertificateRule> rules = new ArrayList<>();
        for (int i = 0; i < properties.clientCertificates().size(); i++) {
            rules.add(rule(prefix + ".client-certificates[" + i + "]", properties.clientCertificates().get(i), trust, prefix));
        }
        return new ClientCertificatePolicy(trust, rules);
    }

    private static ClientCertificateRule rule(String prefix, ClientCertificateRuleProperties properties, ClientCaTrust trust,
                                              String capsulePrefix) {
        CertificateRequirement requirement = CertificateRequirement.configured(prefix, properties.require(), properties.fingerprints(),
                !trust.isEmpty(), capsulePrefix);
        if (properties.meta() != null) {
            try {
                new ResponseHeader(Status.CLIENT_CERTIFICATE_REQUIRED, properties.meta());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(prefix + ".meta", e.getMessage());
            }
        }
        return new ClientCertificateRule(properties.path(), requirement, properties.meta());
    }
}
