package dev.pollux.handler.gateway;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import dev.pollux.config.InvalidConfigurationException;
import io.netty.channel.unix.DomainSocketAddress;

/** Where an application listens, parsed once at startup: {@code unix:/run/app.sock}, {@code host:port} or {@code [::1]:port}. */
final class ApplicationAddress {

    private ApplicationAddress() {
    }

    /** A resolved address (a host name is looked up now, at startup, never on an event loop). */
    static SocketAddress parse(String property, String address) {
        String text = address.trim();
        if (text.startsWith("unix:")) {
            String path = text.substring("unix:".length());
            if (!path.startsWith("/")) {
                throw new InvalidConfigurationException(property, "a Unix socket needs an absolute path, as in unix:/run/app.sock, was '" + address + "'");
            }
            return new DomainSocketAddress(path);
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new InvalidConfigurationException(property, "must be unix:/path/to.sock or host:port, was '" + address + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new InvalidConfigurationException(property, "must end with a port from 1 to 65535, was '" + address + "'");
        }
        InetSocketAddress resolved = new InetSocketAddress(host, port);
        if (resolved.isUnresolved()) {
            throw new InvalidConfigurationException(property, "the host '" + host + "' cannot be resolved");
        }
        return resolved;
    }
}
