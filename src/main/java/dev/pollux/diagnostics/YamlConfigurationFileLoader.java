package dev.pollux.diagnostics;

import java.io.IOException;
import java.util.List;

import dev.pollux.config.ConfigurationOrigins;
import dev.pollux.config.InvalidConfigurationException;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Spring Boot's YAML loader for application.yml and every other YAML configuration file, which names the file
 * when its syntax is wrong. Boot's own loader lets SnakeYAML's exception through, which knows the line and
 * column but not the file ("in 'reader'"), and no failure analyzer reports it, so the operator gets its stack
 * trace. Registered in {@code META-INF/spring.factories} ahead of Boot's, so Boot uses it for {@code .yml} and
 * {@code .yaml}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class YamlConfigurationFileLoader implements PropertySourceLoader {

    private final YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();

    @Override
    public String[] getFileExtensions() {
        return yaml.getFileExtensions();
    }

    @Override
    public List<PropertySource<?>> load(String name, Resource resource) throws IOException {
        try {
            return yaml.load(name, resource);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = ConfigurationOrigins.describe(resource) + (mark == null ? "" : ", " + at(mark));
            String problem = e.getProblem() != null ? e.getProblem() : String.valueOf(e.getContext());
            if (e.getContext() != null && e.getContextMark() != null && mark != e.getContextMark()) {
                problem += " (" + e.getContext() + " at " + at(e.getContextMark()) + ")";
            }
            throw new InvalidConfigurationException(where, "malformed YAML: " + problem, action(where));
        } catch (YAMLException e) {
            String where = ConfigurationOrigins.describe(resource);
            throw new InvalidConfigurationException(where, "malformed YAML: " + e.getMessage(), action(where));
        }
    }

    /** SnakeYAML counts lines and columns from 0, editors from 1. */
    private static String at(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private static String action(String where) {
        return "Correct the YAML at " + where + ". Keys of one mapping must be indented alike, with spaces, not tabs;"
                + " quote values that contain ': ', '#', '[' or '{'.";
    }
}
