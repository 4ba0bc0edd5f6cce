package dev.pollux.handler;

import dev.pollux.capsule.Capsule;
import java.util.Optional;

import dev.pollux.protocol.GeminiRequest;
import dev.pollux.tls.ClientCertificate;

/**
 * A request that passed parsing and routing: what handlers work with.
 *
 * @param clientCertificate the client's certificate as inspected for this capsule, or null when it sent none
 */
public record GeminiExchange(GeminiRequest request, Capsule capsule, ClientConnection connection, ClientCertificate clientCertificate) {

    public Optional<ClientCertificate> certificate() {
        return Optional.ofNullable(clientCertificate);
    }
}
