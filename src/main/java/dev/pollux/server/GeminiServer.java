package dev.pollux.server;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.pollux.config.InvalidConfigurationException;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import reactor.netty.DisposableServer;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * Binds the Gemini listener when the application context starts and drains it when it stops:
 * readiness goes to REFUSING_TRAFFIC first (Kubernetes stops routing new clients here), the
 * listening socket closes, responses in flight get up to the drain timeout to finish, and only
 * then are the remaining connections cut (without close_notify, so their clients see the cut). Reactor Netty's event-loop threads are daemons, so
 * a plain thread waits for the server to be disposed and keeps the JVM alive meanwhile.
 * <p>
 * The listener runs on event loops of its own, one per available processor (Reactor Netty's shared default is at least
 * four): nothing on them blocks, so more loops than cores only add context switches (on 2 cores, 2 loops cost ~15 % less
 * CPU per small request than 4). {@code -Dreactor.netty.ioWorkerCount} still sets the count.
 */
public final class GeminiServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GeminiServer.class);
    private static final Duration CUT_WAIT = Duration.ofSeconds(5);
    private static final int EVENT_LOOPS = Integer.getInteger("reactor.netty.ioWorkerCount", Runtime.getRuntime().availableProcessors());

    private final TcpServer tcpServer;
    private final ChannelGroup connections;
    private final AcceptGate acceptGate;
    private final String address;
    private final int port;
    private final Duration drainTimeout;
    private final ApplicationEventPublisher events;
    private volatile DisposableServer server;
    private volatile LoopResources loops;

    GeminiServer(TcpServer tcpServer, ChannelGroup connections, AcceptGate acceptGate, String address, int port, Duration drainTimeout,
                 ApplicationEventPublisher events) {
        this.tcpServer = tcpServer.channelGroup(connections);
        this.connections = connections;
        this.acceptGate = acceptGate;
        this.address = address;
        this.port = port;
        this.drainTimeout = drainTimeout;
        this.events = events;
    }

    @Override
    public void start() {
        try {
            loops = LoopResources.create("pollux-io", EVENT_LOOPS, true);
            server = tcpServer.runOn(loops).bindNow();
        } catch (RuntimeException e) {
            loops.dispose();
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
        running.dispose();
        // a connection still in its handshake has nothing in flight
        connections.stream().filter(channel -> ChannelOperations.get(channel) == null).forEach(Channel::close);
        log.info("Gemini server draining: {} connection(s) in flight, up to {}", connections.size(), drainTimeout);
        if (!connections.newCloseFuture().awaitUninterruptibly(drainTimeout.toMillis())) {
            log.warn("Gemini server drain timed out after {}: cutting {} connection(s)", drainTimeout, connections.size());
            // without close_notify, so each client can tell its response was cut short
            connections.forEach(channel -> channel.eventLoop().execute(() -> Truncation.cut(channel, Cut.DRAIN_TIMEOUT)));
            connections.newCloseFuture().awaitUninterruptibly(CUT_WAIT.toMillis());
        }
        try {
            running.disposeNow(CUT_WAIT);
        } catch (IllegalStateException e) {
            log.warn("Gemini server did not release its resources within {}", CUT_WAIT);
        }
        loops.disposeLater(Duration.ZERO, CUT_WAIT).block(CUT_WAIT.plusSeconds(1));
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

    /** Connections currently open, from accept on: handshakes in progress included. */
    public int openConnections() {
        return acceptGate.open();
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
