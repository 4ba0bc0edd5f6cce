package dev.pollux.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;

/**
 * Cuts a connection the way a client can recognise: closed under the TLS layer, so no close_notify is sent.
 * An orderly close (close_notify) is kept for complete responses.
 */
final class Truncation {

    private static final AttributeKey<Cut> CUT = AttributeKey.valueOf("pollux.cut");

    private Truncation() {
    }

    /** Closes the connection without close_notify, remembering why for whoever is writing to it. */
    static void cut(Channel channel, Cut reason) {
        channel.attr(CUT).setIfAbsent(reason);
        ChannelHandlerContext tls = channel.pipeline().context(SslHandler.class);
        // closing from the TLS handler's own context starts below it, so it never gets to write close_notify
        if (tls != null) {
            tls.close();
        } else {
            channel.close();
        }
    }

    /** Why the connection was cut by the server, or null when it was not. */
    static Cut reasonOf(Channel channel) {
        return channel.attr(CUT).get();
    }
}
