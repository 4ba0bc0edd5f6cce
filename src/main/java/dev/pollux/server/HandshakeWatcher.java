package dev.pollux.server;

import java.nio.channels.ClosedChannelException;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.internal.tcnative.SSL;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after the TLS handler: counts resumed sessions, and every handshake that does not complete, once, by reason, whether the
 * SNI stage or the handshake itself failed, or the connection closed first. A completed handshake whose client
 * sent a certificate chain longer than any real one ({@value #MAX_CLIENT_CHAIN} certificates) is refused here
 * too, before the request: such chains leave the TLS engine unable to write. Logs at DEBUG only, since clients
 * can fail handshakes at will. With the PROXY protocol, a connection whose header never came has had no handshake:
 * if the TLS handler's timeout (which runs from accept) closed it, it is counted as a PROXY header timeout.
 */
@ChannelHandler.Sharable
final class HandshakeWatcher extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(HandshakeWatcher.class);
    private static final AttributeKey<Boolean> SETTLED = AttributeKey.valueOf("pollux.handshake.settled");
    /** As the JDK's own limit for a chain received in a handshake, {@code jdk.tls.maxCertificateChainLength}. */
    static final int MAX_CLIENT_CHAIN = 10;

    private final ConnectionEvents events;

    HandshakeWatcher(ConnectionEvents events) {
        this.events = events;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion) {
            int chain = completion.isSuccess() ? clientChainLength(ctx) : 0;
            if (chain > MAX_CLIENT_CHAIN) {
                settle(ctx, new SSLHandshakeException("client certificate chain of " + chain + " certificates"));
                ctx.close();
                return;
            }
            settle(ctx, completion.isSuccess() ? null : completion.cause());
            if (completion.isSuccess()) {
                negotiated(ctx);
                if (resumed(ctx)) {
                    events.resumed();
                }
            }
        } else if (event instanceof SniCompletionEvent sni && !sni.isSuccess()) {
            settle(ctx, sni.cause());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (!isSettled(ctx)) {
            settle(ctx, cause);
        }
        super.exceptionCaught(ctx, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!isSettled(ctx)) {
            settle(ctx, new ClosedChannelException());
        }
        super.channelInactive(ctx);
    }

    private void negotiated(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null) {
            SSLSession session = tls.engine().getSession();
            events.handshakeCompleted(session.getProtocol(), session.getCipherSuite());
        }
    }

    private static int clientChainLength(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        return tls == null ? 0 : PeerCertificates.of(tls.engine().getSession()).length;
    }

    /** Whether OpenSSL resumed a session; Netty's engine keeps that to itself, so it is asked through tcnative. */
    private static boolean resumed(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null && tls.engine() instanceof ReferenceCountedOpenSslEngine engine) {
            synchronized (engine) {
                long ssl = engine.sslPointer();
                return ssl != 0 && SSL.isSessionReused(ssl);
            }
        }
        return false;
    }

    private static boolean isSettled(ChannelHandlerContext ctx) {
        return ctx.channel().hasAttr(SETTLED);
    }

    /** Records the handshake's outcome once: success when {@code failure} is null. */
    private void settle(ChannelHandlerContext ctx, Throwable failure) {
        if (ctx.channel().attr(SETTLED).setIfAbsent(Boolean.TRUE) != null || failure == null) {
            return;
        }
        HandshakeFailure reason = HandshakeFailure.of(failure);
        if (ClientAddress.get(ctx.channel()) == null) {
            // no client yet, so TLS never began: the PROXY header is missing (a refused one was counted where it was read)
            if (reason == HandshakeFailure.TIMEOUT) {
                events.refused(ConnectionRefusal.PROXY_HEADER_TIMEOUT);
            }
            return;
        }
        events.handshakeFailed(reason);
        log.debug("TLS handshake with {} failed ({}): {}", ClientAddress.of(ctx.channel()), reason.tag(), failure.toString());
    }
}
