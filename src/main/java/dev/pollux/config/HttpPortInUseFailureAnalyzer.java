package dev.pollux.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Names the setting when the Actuator's HTTP port is taken. Boot's own report says only "Port 9090 was already in
 * use", and Pollux's only HTTP server is the management one, so the operator would not know which setting that is.
 * Reports like {@link InvalidConfigurationFailureAnalyzer}; a port that matches no setting is left to Boot.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class HttpPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

    private final Environment environment;

    HttpPortInUseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
        String property = property(cause.getPort());
        if (property == null) {
            return null;
        }
        return new FailureAnalysis("Invalid Pollux configuration: " + property + ": port " + cause.getPort() + " is already in use",
                "Stop the process listening on port " + cause.getPort() + " (ss -ltnp shows it), or set " + property + " to a free port.",
                cause);
    }

    private String property(int port) {
        if (environment == null) {
            return null;
        }
        for (String property : new String[] {"management.server.port", "server.port"}) {
            Integer configured = environment.getProperty(property, Integer.class);
            if (configured != null && configured == port) {
                return property;
            }
        }
        return null;
    }
}
