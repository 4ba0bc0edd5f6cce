package dev.pollux.server;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.pollux.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;

/**
 * Binds the Gemini listener when the application context starts and closes it when it stops.
 * Reactor Netty's event-loop threads are daemons, so a plain thread waits for the server to be
 * disposed and keeps the JVM alive meanwhile.
 */
public final class GeminiServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GeminiServer.class);

    private final TcpServer tcpServer;
    private final String address;
    private final int port;
    private final Duration shutdownTimeout;
    private volatile DisposableServer server;

    GeminiServer(TcpServer tcpServer, String address, int port, Duration shutdownTimeout) {
        this.tcpServer = tcpServer;
        this.address = address;
        this.port = port;
        this.shutdownTimeout = shutdownTimeout;
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
        if (running != null) {
            running.disposeNow(shutdownTimeout);
            server = null;
            log.info("Gemini server stopped");
        }
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

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
