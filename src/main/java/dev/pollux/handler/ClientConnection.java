package dev.pollux.handler;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What the TLS connection tells about the client, read once after the handshake.
 *
 * @param sniHostname       the normalised SNI name the client sent, or null
 * @param peerCertificates  the client's certificate chain, leaf first; empty when it sent none
 */
public record ClientConnection(
        InetSocketAddress remoteAddress,
        InetSocketAddress localAddress,
        String sniHostname,
        String tlsProtocol,
        String tlsCipher,
        List<X509Certificate> peerCertificates) {

    public ClientConnection {
        peerCertificates = List.copyOf(peerCertificates);
    }

    public Optional<X509Certificate> clientCertificate() {
        return peerCertificates.stream().findFirst();
    }
}
