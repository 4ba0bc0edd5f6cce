package dev.pollux.server;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.pollux.config.InvalidConfigurationException;
import io.netty.channel.group.ChannelGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * Binds the Gemini listener when the application context starts and drains it when it stops:
 * readiness goes to REFUSING_TRAFFIC first (Kubernetes stops routing new clients here), the
 * listening socket closes, responses in flight get up to the drain timeout to finish, and only
 * then are the remaining connections closed. Reactor Netty's event-loop threads are daemons, so
 * a plain thread waits for the server to be disposed and keeps the JVM alive meanwhile.
 */
public final class GeminiServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GeminiServer.class);

    private final TcpServer tcpServer;
    private final ChannelGroup connections;
    private final String address;
    private final int port;
    private final Duration drainTimeout;
    private final ApplicationEventPublisher events;
    private volatile DisposableServer server;

    GeminiServer(TcpServer tcpServer, ChannelGroup connections, String address, int port, Duration drainTimeout,
                 ApplicationEventPublisher events) {
        this.tcpServer = tcpServer.channelGroup(connections);
        this.connections = connections;
        this.address = address;
        this.port = port;
        this.drainTimeout = drainTimeout;
        this.events = events;
    }

    @Override
    public void start() {
        try {
            server = tcpServer.bindNow();
        } catch (RuntimeException e) {
            // epoll reports a taken port as NativeIoException, NIO as BindException: either way the address or port is at fault
            throw new InvalidConfigurationException("pollux.server.port",
                    "cannot listen on " + address + " port " + port + ": " + rootMessage(e));
        }
        InetSocketAddress bound = (InetSocketAddress) server.address();
        log.info("Gemini server listening on {} port {}", address, bound.getPort());
        Thread awaiter = new Thread(() -> server.onDispose().block(), "pollux-server-await");
        awaiter.setDaemon(false);
        awaiter.start();
    }

    @Override
    public void stop() {
        DisposableServer running = server;
        if (running == null) {
            return;
        }
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        int inFlight = connections.size();
        log.info("Gemini server draining: {} connection(s) in flight, up to {}", inFlight, drainTimeout);
        try {
            running.disposeNow(drainTimeout.isZero() ? Duration.ofMillis(1) : drainTimeout);
        } catch (IllegalStateException e) {
            log.warn("Gemini server drain timed out after {}: closing {} connection(s)", drainTimeout, connections.size());
            connections.close().awaitUninterruptibly(Duration.ofSeconds(5).toMillis());
        }
        server = null;
        log.info("Gemini server stopped");
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The bound port: the configured one, or the one the system picked for port 0. */
    public int port() {
        DisposableServer running = server;
        if (running == null) {
            throw new IllegalStateException("the Gemini server is not running");
        }
        return running.port();
    }

    /** Connections currently open, handshakes in progress included. */
    public int openConnections() {
        return connections.size();
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
