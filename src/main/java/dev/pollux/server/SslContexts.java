package dev.pollux.server;

import java.util.List;

import javax.net.ssl.SSLException;

import dev.pollux.tls.ServerCertificate;
import dev.pollux.tls.SessionTicketKeys;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty TLS contexts: TLS 1.2 and 1.3 only, OpenSSL (BoringSSL via netty-tcnative) when it loads,
 * the JDK otherwise. Client certificates are requested but optional, and any certificate, self-signed
 * included, passes the handshake: what it is worth is decided per request, not here.
 */
final class SslContexts {

    private static final Logger log = LoggerFactory.getLogger(SslContexts.class);
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private SslContexts() {
    }

    /** Reference-counted OpenSSL engines: SslHandler frees them when the connection ends, with no finalizer per connection. */
    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
    }

    static void logProvider() {
        if (OpenSsl.isAvailable()) {
            log.info("TLS provider: OpenSSL ({})", OpenSsl.versionString());
        } else {
            log.info("TLS provider: JDK (OpenSSL unavailable: {})", String.valueOf(OpenSsl.unavailabilityCause()));
        }
    }

    /**
     * Makes {@code context} encrypt new session tickets with the first key and accept tickets under any of them, so a
     * client resumes on whichever replica holds the same keys. Only OpenSSL contexts take keys (the configuration checks
     * that OpenSSL is there before any context is built).
     */
    static void useTicketKeys(SslContext context, SessionTicketKeys keys) {
        if (context instanceof ReferenceCountedOpenSslContext openSsl) {
            openSsl.sessionContext().setTicketKeys(keys.keys().stream()
                    .map(key -> new OpenSslSessionTicketKey(key.name(), key.hmacKey(), key.aesKey()))
                    .toArray(OpenSslSessionTicketKey[]::new));
        }
    }

    static SslContext forServer(ServerCertificate certificate) {
        try {
            return SslContextBuilder.forServer(certificate.privateKey(), certificate.chain())
                    .sslProvider(provider())
                    .protocols(PROTOCOLS.toArray(String[]::new))
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }
}
