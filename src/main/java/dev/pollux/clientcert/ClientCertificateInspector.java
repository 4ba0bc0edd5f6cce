package dev.pollux.clientcert;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

import dev.pollux.capsule.Capsule;
import dev.pollux.tls.ClientCertificate;

/**
 * Turns the certificate chain a client sent into the {@link ClientCertificate} of a request: its names,
 * fingerprints, serial and dates, and whether it chains to a CA the request's capsule trusts.
 */
public final class ClientCertificateInspector {

    private final Clock clock;

    public ClientCertificateInspector(Clock clock) {
        this.clock = clock;
    }

    /** The inspected certificate, or null when the client sent none. */
    public ClientCertificate inspect(Capsule capsule, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return null;
        }
        ClientCaTrust trust = capsule.policy(ClientCertificatePolicy.POLICY).trust();
        return ClientCertificate.of(chain.get(0), trust.trusts(chain, clock.instant()));
    }
}
