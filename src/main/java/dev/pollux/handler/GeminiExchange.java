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
 * @param upload            a Titan request's body, not yet read; null for a Gemini request
 */
public record GeminiExchange(GeminiRequest request, Capsule capsule, int serverPort, ClientConnection connection,
                             ClientCertificate clientCertificate, UploadBody upload) {

    /** A Gemini request's exchange: no body. */
    public GeminiExchange(GeminiRequest request, Capsule capsule, int serverPort, ClientConnection connection,
                          ClientCertificate clientCertificate) {
        this(request, capsule, serverPort, connection, clientCertificate, null);
    }

    /** This exchange with the body of its Titan request. */
    public GeminiExchange withUpload(UploadBody body) {
        return new GeminiExchange(request, capsule, serverPort, connection, clientCertificate, body);
    }

    public Optional<ClientCertificate> certificate() {
        return Optional.ofNullable(clientCertificate);
    }
}
