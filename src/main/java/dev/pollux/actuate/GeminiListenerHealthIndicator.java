package dev.pollux.actuate;

import dev.pollux.server.GeminiServer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP only while the Gemini listener is bound and accepting; part of the readiness group. */
public final class GeminiListenerHealthIndicator implements HealthIndicator {

    private final GeminiServer server;

    public GeminiListenerHealthIndicator(GeminiServer server) {
        this.server = server;
    }

    @Override
    public Health health() {
        if (!server.isRunning()) {
            return Health.outOfService().withDetail("listening", false).build();
        }
        return Health.up().withDetail("listening", true).withDetail("port", server.port())
                .withDetail("openConnections", server.openConnections()).build();
    }
}
