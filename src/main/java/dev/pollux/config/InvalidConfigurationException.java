package dev.pollux.config;

/** A setting that cannot work; its message starts with the property's name so the operator knows what to fix. */
public class InvalidConfigurationException extends RuntimeException {

    private final String property;

    public InvalidConfigurationException(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
