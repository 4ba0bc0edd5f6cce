package dev.pollux.server;

import java.net.InetSocketAddress;
import java.util.List;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

import dev.pollux.handler.ClientConnection;
import dev.pollux.protocol.HostNames;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

/** Reads the client's address ({@link ClientAddress}), SNI name, TLS parameters and certificate off a connection after its handshake. */
final class ConnectionDescriber {

    private ConnectionDescriber() {
    }

    static ClientConnection describe(Channel channel) {
        // the client's, which with the PROXY protocol is not the TCP peer's
        InetSocketAddress remote = ClientAddress.of(channel);
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return new ClientConnection(remote, local, null, null, null, List.of());
        }
        SSLSession session = ssl.engine().getSession();
        return new ClientConnection(remote, local, serverName(session), session.getProtocol(), session.getCipherSuite(), PeerCertificates.x509(session));
    }

    private static String serverName(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        try {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return HostNames.normalize(host.getAsciiName());
                }
            }
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
