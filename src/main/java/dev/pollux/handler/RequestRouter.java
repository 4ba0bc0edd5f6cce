package dev.pollux.handler;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.clientcert.ClientCertificateInspector;
import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.RequestLineParser;
import dev.pollux.protocol.Status;
import dev.pollux.tls.ClientCertificate;

/**
 * Request line to exchange: parses it (59/53) and picks the capsule by the URL's host.
 * A host no capsule serves, another port than the public one, or a host that is not the
 * one the TLS connection was made for (SNI) is refused with 53.
 */
public final class RequestRouter {

    private final RequestLineParser parser = new RequestLineParser();
    private final CapsuleRegistry capsules;
    private final Integer publicPort;
    private final ClientCertificateInspector certificates;

    /** @param publicPort the port URLs must name; null means the port the connection arrived on */
    public RequestRouter(CapsuleRegistry capsules, Integer publicPort, ClientCertificateInspector certificates) {
        this.capsules = capsules;
        this.publicPort = publicPort;
        this.certificates = certificates;
    }

    public GeminiExchange route(byte[] requestLine, ClientConnection connection) {
        GeminiRequest request = parser.parse(requestLine);
        Capsule capsule = capsules.find(request.host())
                .orElseThrow(() -> new GeminiException(Status.PROXY_REQUEST_REFUSED, "Host not served here"));
        int expectedPort = publicPort != null ? publicPort : connection.localAddress().getPort();
        if (request.port() != expectedPort) {
            throw new GeminiException(Status.PROXY_REQUEST_REFUSED, "Port not served here");
        }
        if (connection.sniHostname() != null && capsules.find(connection.sniHostname()).orElse(null) != capsule) {
            throw new GeminiException(Status.PROXY_REQUEST_REFUSED, "Host does not match the TLS server name");
        }
        // Trust in a CA is per capsule, so the certificate is inspected once the capsule is known.
        ClientCertificate certificate = certificates.inspect(capsule, connection.peerCertificates());
        return new GeminiExchange(request, capsule, connection, certificate);
    }
}
