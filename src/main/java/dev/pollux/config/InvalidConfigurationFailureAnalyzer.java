package dev.pollux.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad Pollux setting into Spring Boot's short "APPLICATION FAILED TO START" report instead of a stack trace. */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(
                "Invalid Pollux configuration: " + cause.getMessage(),
                "Correct " + cause.property() + " in application.yml or on the command line.",
                cause);
    }
}
