package dev.pollux.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns a bad Pollux setting into Spring Boot's short "APPLICATION FAILED TO START" report instead of a stack trace.
 * First among the analyzers, so that a record that rejects its values while being bound is reported by the
 * property it names rather than by Boot's generic binding report.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis("Invalid Pollux configuration: " + cause.getMessage(), cause.action(), cause);
    }
}
