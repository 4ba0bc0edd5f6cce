package dev.pollux.clientcert;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.pollux.capsule.Capsule;
import dev.pollux.tls.ClientCertificate;

/**
 * Turns the certificate chain a client sent into the {@link ClientCertificate} of a request: its names,
 * fingerprints, serial and dates, and whether it chains to a CA the request's capsule trusts.
 */
public final class ClientCertificateInspector {

    private final Map<String, ClientCaTrust> trustByCapsule;
    private final ClientCaTrust serverTrust;
    private final Clock clock;

    /**
     * @param trustByCapsule CA trust of the capsules that set their own, by capsule host name
     * @param serverTrust    CA trust of every other capsule ({@code pollux.tls.client-ca-*})
     */
    public ClientCertificateInspector(Map<String, ClientCaTrust> trustByCapsule, ClientCaTrust serverTrust, Clock clock) {
        this.trustByCapsule = Map.copyOf(trustByCapsule);
        this.serverTrust = serverTrust;
        this.clock = clock;
    }

    /** The inspected certificate, or null when the client sent none. */
    public ClientCertificate inspect(Capsule capsule, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return null;
        }
        return ClientCertificate.of(chain.get(0), trust(capsule).trusts(chain, clock.instant()));
    }

    /** The CAs trusted on this capsule: its own when it sets them, else the server's. */
    public ClientCaTrust trust(Capsule capsule) {
        return trustByCapsule.getOrDefault(capsule.hostname(), serverTrust);
    }
}
