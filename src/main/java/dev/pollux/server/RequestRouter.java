package dev.pollux.server;

import java.util.Optional;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.clientcert.ClientCertificateInspector;
import dev.pollux.handler.ClientConnection;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.RequestLineParser;
import dev.pollux.protocol.Status;
import dev.pollux.tls.ClientCertificate;

/**
 * Request line to exchange: parses it (59/53) and picks the capsule by the URL's host.
 * A host no capsule serves, a port other than the public one, or a host that is not the
 * one the TLS connection was made for (SNI) is refused with 53. A URL that names no port
 * means this server's port, as in Jetforce (clients behind a port redirect send none).
 */
final class RequestRouter {

    private final RequestLineParser parser = new RequestLineParser();
    private final CapsuleRegistry capsules;
    private final Integer publicPort;
    private final boolean acceptIpHosts;
    private final ClientCertificateInspector certificates;

    /**
     * @param publicPort    the port URLs must name; null means the port the connection arrived on
     * @param acceptIpHosts route a URL whose host is this server's IP address to the default capsule
     */
    RequestRouter(CapsuleRegistry capsules, Integer publicPort, boolean acceptIpHosts, ClientCertificateInspector certificates) {
        this.capsules = capsules;
        this.publicPort = publicPort;
        this.acceptIpHosts = acceptIpHosts;
        this.certificates = certificates;
    }

    GeminiExchange route(byte[] requestLine, ClientConnection connection) {
        GeminiRequest request = parser.parse(requestLine);
        Capsule capsule = capsules.find(request.host())
                .or(() -> ipHostCapsule(request.host(), connection))
                .orElseThrow(() -> new GeminiException(Status.PROXY_REQUEST_REFUSED, "Host not served here", Reason.UNKNOWN_HOST));
        int servedPort = publicPort != null ? publicPort : connection.localAddress().getPort();
        if (request.port().isPresent() && request.port().getAsInt() != servedPort) {
            throw new GeminiException(Status.PROXY_REQUEST_REFUSED, "Port not served here", Reason.WRONG_PORT);
        }
        if (connection.sniHostname() != null && !sameCapsule(connection.sniHostname(), request.host(), capsule)) {
            throw new GeminiException(Status.PROXY_REQUEST_REFUSED, "Host does not match the TLS server name", Reason.SNI_MISMATCH);
        }
        // Trust in a CA is per capsule, so the certificate is inspected once the capsule is known.
        ClientCertificate certificate = certificates.inspect(capsule, connection.peerCertificates());
        return new GeminiExchange(request, capsule, servedPort, connection, certificate);
    }

    /** A connection authenticated for one capsule (or one wildcard subdomain) must not reach another. */
    private boolean sameCapsule(String sniHostname, String host, Capsule capsule) {
        if (capsule.isWildcard() || sniHostname.equals(host)) {
            return sniHostname.equals(host);
        }
        return capsules.find(sniHostname).map(sniCapsule -> sniCapsule.hostname().equals(capsule.hostname())).orElse(false);
    }

    private Optional<Capsule> ipHostCapsule(String host, ClientConnection connection) {
        if (!acceptIpHosts || !IpLiterals.isLiteral(host)) {
            return Optional.empty();
        }
        Capsule fallback = capsules.defaultCapsule();
        boolean ours = IpLiterals.parse(host).map(address -> address.equals(connection.localAddress().getAddress())).orElse(false);
        return ours && !fallback.isWildcard() ? Optional.of(fallback) : Optional.empty();
    }
}
