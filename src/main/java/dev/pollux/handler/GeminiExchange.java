package dev.pollux.handler;

import java.util.Optional;

import dev.pollux.capsule.Capsule;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.tls.ClientCertificate;

/**
 * A request that passed parsing and routing: what handlers work with.
 *
 * @param capsule           the capsule serving the request (for a wildcard, the view of its subdomain)
 * @param serverPort        the port the request was served on, as clients name it in URLs
 * @param clientCertificate the client's certificate as inspected for this capsule, or null when it sent none
 */
public record GeminiExchange(GeminiRequest request, Capsule capsule, int serverPort, ClientConnection connection,
                             ClientCertificate clientCertificate) {

    public Optional<ClientCertificate> certificate() {
        return Optional.ofNullable(clientCertificate);
    }
}
