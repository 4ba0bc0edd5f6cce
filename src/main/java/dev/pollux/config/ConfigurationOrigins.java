package dev.pollux.config;

import java.io.IOException;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.io.Resource;

/** Where a setting came from, in the words an operator uses: a file's path with line and column, or "the command line". */
public final class ConfigurationOrigins {

    private ConfigurationOrigins() {
    }

    /** Such as {@code set in /etc/pollux/application.yml, line 4, column 14} or {@code set on the command line}. */
    public static String describe(Origin origin) {
        if (origin instanceof PropertySourceOrigin source) {
            if (source.getOrigin() != null) {
                return describe(source.getOrigin());
            }
            String name = source.getPropertySource().getName();
            return "commandLineArgs".equals(name) ? "set on the command line" : "set in " + name;
        }
        if (origin instanceof TextResourceOrigin text) {
            TextResourceOrigin.Location location = text.getLocation();
            return "set in " + describe(text.getResource())
                    + (location == null ? "" : ", line " + (location.getLine() + 1) + ", column " + (location.getColumn() + 1));
        }
        return origin == null ? "where it was set is unknown" : "set in " + origin;
    }

    /** The file's absolute path when it is a file, else Spring's description, such as {@code class path resource [application.yml]}. */
    public static String describe(Resource resource) {
        try {
            if (resource != null && resource.isFile()) {
                return resource.getFile().getAbsolutePath();
            }
        } catch (IOException e) {
            // described below
        }
        return resource == null ? "an unknown resource" : resource.getDescription();
    }
}
