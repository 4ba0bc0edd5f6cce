package dev.pollux.config;

/**
 * A setting that cannot work; its message starts with the property's name (or, for a malformed file, the
 * file, line and column) so the operator knows what to fix. {@link InvalidConfigurationFailureAnalyzer}
 * turns it into Spring Boot's short startup failure report.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final String property;
    private final String action;

    public InvalidConfigurationException(String property, String problem) {
        this(property, problem, "Correct " + property + " in application.yml, on the command line or in the environment.");
    }

    /** With {@code action}, what the operator should do, when "correct the property" would not say it. */
    public InvalidConfigurationException(String property, String problem, String action) {
        super(property + ": " + problem);
        this.property = property;
        this.action = action;
    }

    /** The property, or the place in a configuration file, that needs correcting. */
    public String property() {
        return property;
    }

    public String action() {
        return action;
    }
}
