package dev.pollux.proxy;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;

/** The {@code 43} answers of the reverse proxy: one short meta per reason, never the exception's text. */
final class BackendFailure {

    private BackendFailure() {
    }

    static GeminiResponse response(Reason reason) {
        String meta = switch (reason) {
            case BACKEND_CONNECT_TIMEOUT, BACKEND_HEADER_TIMEOUT -> "Backend timed out";
            case BACKEND_TLS_FAILED -> "Backend TLS handshake failed";
            case BACKEND_INVALID_HEADER -> "Backend sent an invalid header";
            case BACKEND_CLOSED -> "Backend closed the connection";
            default -> "Backend unreachable";
        };
        return GeminiResponse.refused(Status.PROXY_ERROR, meta, reason);
    }

    /** Why connecting to a backend (TCP, then TLS) failed. */
    static Reason ofConnect(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException || cause instanceof SslHandshakeTimeoutException) {
                return Reason.BACKEND_CONNECT_TIMEOUT;
            }
            if (cause instanceof SSLException) {
                return Reason.BACKEND_TLS_FAILED;
            }
            if (cause instanceof ClosedChannelException) {
                return Reason.BACKEND_CLOSED;
            }
        }
        return Reason.BACKEND_UNREACHABLE;
    }
}
