package dev.pollux.clientcert;

import java.util.List;

import dev.pollux.capsule.PolicyKey;

/**
 * A capsule's client-certificate policy: the CAs it trusts (its own {@code client-ca-*}, else the
 * server's {@code pollux.tls.client-ca-*}) and its rules, first match wins.
 */
public record ClientCertificatePolicy(ClientCaTrust trust, List<ClientCertificateRule> rules) {

    public static final PolicyKey<ClientCertificatePolicy> POLICY = PolicyKey.of("client-certificates", ClientCertificatePolicy.class);

    public ClientCertificatePolicy {
        rules = List.copyOf(rules);
    }
}
