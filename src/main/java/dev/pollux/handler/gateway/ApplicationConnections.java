package dev.pollux.handler.gateway;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;

/**
 * The connections to one application: at most {@code max} open at once, busy and kept together, so an
 * application is never sent more than it was configured to take. A request past the limit is refused at once
 * (the handler answers {@code 41}) rather than queued. With {@code keep}, a connection whose request ended
 * cleanly is kept for the next request; a kept connection reads while it waits, so one the application closes
 * (or writes to, out of turn) is closed and forgotten.
 */
final class ApplicationConnections {

    private final Bootstrap bootstrap;
    private final GatewayTransport transport;
    private final int max;
    private final boolean keep;
    private final AtomicInteger open = new AtomicInteger();
    private final Deque<Channel> kept = new ConcurrentLinkedDeque<>();

    ApplicationConnections(Bootstrap bootstrap, GatewayTransport transport, int max, boolean keep) {
        this.bootstrap = bootstrap;
        this.transport = transport;
        this.max = max;
        this.keep = keep;
    }

    boolean keep() {
        return keep;
    }

    /** A kept connection that is still open, or null. */
    Channel pollKept() {
        Channel channel;
        while ((channel = kept.pollFirst()) != null) {
            if (channel.isActive()) {
                return channel;
            }
        }
        return null;
    }

    /** A new connection with {@code handler} in its pipeline, or null when {@code max} are open. */
    ChannelFuture connect(ChannelHandler handler) {
        int now;
        do {
            now = open.get();
            if (now >= max) {
                return null;
            }
        } while (!open.compareAndSet(now, now + 1));
        ChannelFuture connecting = bootstrap.clone().handler(handler).connect();
        Channel channel = connecting.channel();
        transport.track(channel);
        channel.closeFuture().addListener(closed -> {
            kept.remove(channel);
            open.decrementAndGet();
        });
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                channel.close();
            }
        });
        return connecting;
    }

    /** The request on {@code channel} is over: kept when it ended cleanly and keeping is on, closed otherwise. On its event loop. */
    void release(Channel channel, boolean reusable) {
        if (keep && reusable && channel.isActive()) {
            channel.config().setAutoRead(true);
            kept.addFirst(channel);
        } else {
            channel.close();
        }
    }
}
