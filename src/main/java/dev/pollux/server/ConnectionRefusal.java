package dev.pollux.server;

/** Why a connection was closed before TLS. */
public enum ConnectionRefusal {
    MAX_CONNECTIONS("max_connections"),
    MAX_CONNECTIONS_PER_CLIENT("max_connections_per_client"),
    /** PROXY protocol on, and the connection came from outside {@code pollux.server.trusted-proxies}. */
    UNTRUSTED_PROXY("untrusted_proxy"),
    /** PROXY protocol on, and the connection did not start with a valid header (a client that bypassed the balancer). */
    PROXY_HEADER_INVALID("proxy_header_invalid"),
    /** PROXY protocol on, and no complete header came within the request timeout. */
    PROXY_HEADER_TIMEOUT("proxy_header_timeout");

    private final String tag;

    ConnectionRefusal(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
