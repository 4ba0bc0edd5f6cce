package dev.pollux;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version Maven built, read from Spring Boot's build-info file. */
public final class PolluxVersion {

    private PolluxVersion() {
    }

    public static String current() {
        try (InputStream in = PolluxVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties info = new Properties();
            info.load(in);
            return info.getProperty("build.version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
