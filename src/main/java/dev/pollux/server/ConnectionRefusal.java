package dev.pollux.server;

/** Why a connection was closed at accept. */
public enum ConnectionRefusal {
    MAX_CONNECTIONS("max_connections"),
    MAX_CONNECTIONS_PER_CLIENT("max_connections_per_client");

    private final String tag;

    ConnectionRefusal(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
