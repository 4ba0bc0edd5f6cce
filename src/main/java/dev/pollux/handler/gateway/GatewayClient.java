package dev.pollux.handler.gateway;

import java.util.Map;

import dev.pollux.protocol.GeminiResponse;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Sends one request to an application over a kept or a new connection and answers with what comes back.
 * Never blocks: connecting, writing and reading are Netty's, on the connection's event loop.
 */
public final class GatewayClient {

    private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

    private final GatewayProtocol protocol;

    public GatewayClient(GatewayProtocol protocol) {
        this.protocol = protocol;
    }

    /** @param name the application as logs name it */
    Mono<GeminiResponse> respond(GatewayMount mount, Map<String, String> environment, String name) {
        GatewayReasons reasons = protocol.reasons();
        return Mono.create(sink -> {
            ResponseStream stream = new ResponseStream(name, reasons, mount.headerTimeout(), mount.bodyTimeout(), sink);
            sink.onCancel(stream::cancel);
            ApplicationConnections connections = mount.connections();
            Channel kept = connections.pollKept();
            if (kept != null) {
                kept.eventLoop().execute(() -> begin(kept, connections, environment, stream));
                return;
            }
            ChannelFuture connecting = connections.connect(protocol.connectionHandler());
            if (connecting == null) {
                sink.success(reasons.busyResponse());
                return;
            }
            connecting.addListener(done -> {
                if (done.isSuccess()) {
                    begin(connecting.channel(), connections, environment, stream);
                } else {
                    log.warn("{} application {} at {} is unavailable: {}", reasons.protocol(), name, mount.address(), String.valueOf(done.cause()));
                    sink.success(reasons.unavailableResponse());
                }
            });
        });
    }

    /** On the connection's event loop. */
    private void begin(Channel channel, ApplicationConnections connections, Map<String, String> environment, ResponseStream stream) {
        Exchange exchange = new Exchange(channel, connections);
        if (!channel.isActive()) {
            stream.start(exchange);
            stream.broken("the connection closed before the request was sent");
            return;
        }
        channel.config().setAutoRead(false);
        if (stream.start(exchange)) {
            protocol.send(channel, environment, connections.keep(), stream);
        }
    }

    /** One request's use of a connection. */
    private final class Exchange implements ResponseStream.Connection {

        private final Channel channel;
        private final ApplicationConnections connections;

        Exchange(Channel channel, ApplicationConnections connections) {
            this.channel = channel;
            this.connections = connections;
        }

        @Override
        public EventLoop eventLoop() {
            return channel.eventLoop();
        }

        @Override
        public void read() {
            channel.read();
        }

        @Override
        public void abandon() {
            protocol.abort(channel);
        }

        @Override
        public void finished(boolean reusable) {
            connections.release(channel, reusable);
        }
    }
}
