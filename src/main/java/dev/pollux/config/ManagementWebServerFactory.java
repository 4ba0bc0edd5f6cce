package dev.pollux.config;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Spring Boot's Reactor Netty web server factory, plus the meaning Boot gives {@code server.port=-1} with
 * other servers: no web server. Reactor Netty itself fails on a negative port.
 * <p>
 * Pollux has no HTTP application, so its main context sets {@code server.port=-1} and the Actuator runs on
 * Boot's separate management server ({@code management.server.*}), where the address, port, base path and SSL
 * settings all apply. Boot creates that server from this same class, with the management port.
 */
public class ManagementWebServerFactory extends NettyReactiveWebServerFactory {

    @Override
    public WebServer getWebServer(HttpHandler httpHandler) {
        return getPort() < 0 ? new NoWebServer() : super.getWebServer(httpHandler);
    }

    /** A web server that listens nowhere. */
    private static final class NoWebServer implements WebServer {

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public int getPort() {
            return -1;
        }
    }
}
