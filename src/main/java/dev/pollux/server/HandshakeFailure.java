package dev.pollux.server;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

/** Why a TLS handshake failed, as far as the exception tells. */
public enum HandshakeFailure {
    /** No ClientHello, or no complete handshake, within the request timeout. */
    TIMEOUT("timeout"),
    /** The bytes were not TLS at all (an HTTP request, a port scanner). */
    NOT_TLS("not_tls"),
    /** The client closed the connection during the handshake. */
    CLOSED("closed"),
    /** The client's certificate chain was refused (longer than any real one, malformed). */
    CLIENT_CERTIFICATE("client_certificate"),
    /** No common protocol version or cipher, or another TLS alert. */
    PROTOCOL("protocol"),
    OTHER("other");

    private final String tag;

    HandshakeFailure(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    static HandshakeFailure of(Throwable cause) {
        Throwable failure = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (failure instanceof SslHandshakeTimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof NotSslRecordException) {
            return NOT_TLS;
        }
        if (failure instanceof ClosedChannelException || isClosedDuringHandshake(failure)
                || (failure instanceof IOException && !(failure instanceof SSLException))) {
            // closed or reset by the client (a socket error, not a TLS one)
            return CLOSED;
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (failure instanceof SSLException && (message.contains("certificate") || message.contains("excessive message size")
                || message.contains("cert_"))) {
            return CLIENT_CERTIFICATE;
        }
        if (failure instanceof SSLException) {
            return PROTOCOL;
        }
        return OTHER;
    }

    private static boolean isClosedDuringHandshake(Throwable failure) {
        return failure instanceof SSLHandshakeException && String.valueOf(failure.getMessage()).contains("closed");
    }
}
