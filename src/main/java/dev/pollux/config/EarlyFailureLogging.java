package dev.pollux.config;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationListener;

/**
 * Keeps a startup failure that happens before Spring Boot has configured logging (a malformed application.yml,
 * a bad {@code --spring.config.location}) to its short report.
 * <p>
 * Boot's logging is configured only once the configuration files have been read. A failure before that leaves
 * Logback with its built-in defaults, whose root level is DEBUG, and Boot's
 * {@code LoggingFailureAnalysisReporter} then logs the whole stack trace at DEBUG before the report. The root
 * level goes to INFO, Boot's own default, before the report is written; a failure without an analysis is still
 * logged with its stack trace, at ERROR.
 */
public class EarlyFailureLogging implements ApplicationListener<ApplicationFailedEvent> {

    @Override
    public void onApplicationEvent(ApplicationFailedEvent event) {
        if (event.getApplicationContext() == null) {
            LoggingSystem.get(event.getSpringApplication().getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.INFO);
        }
    }
}
