package dev.pollux.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The access log ({@code pollux.access-log.*}); the logger {@code pollux.access} turns it on and off.
 *
 * @param clientAddress how much of each client's address the log keeps: {@code full} (address and port), {@code masked}
 *                      (the client's network only: an IPv4 /24, an IPv6 /48, no port) or {@code none}
 */
@ConfigurationProperties("pollux.access-log")
public record AccessLogProperties(@DefaultValue("full") ClientAddressLogging clientAddress) {

    /** How much of a client's address an access-log line shows. */
    public enum ClientAddressLogging {
        FULL, MASKED, NONE
    }
}
