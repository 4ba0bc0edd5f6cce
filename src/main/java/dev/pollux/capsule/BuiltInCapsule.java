package dev.pollux.capsule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The welcome capsule packaged in the jar, copied to a temporary directory once so the
 * ordinary file handler serves it with the same rules as any other capsule.
 */
public final class BuiltInCapsule {

    private static final String LOCATION = "pollux/welcome/";

    private Path root;

    public synchronized Path root() {
        if (root == null) {
            root = extract();
        }
        return root;
    }

    private static Path extract() {
        try {
            Path target = Files.createTempDirectory("pollux-welcome-");
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:" + LOCATION + "**/*.gmi");
            for (Resource resource : resources) {
                String url = resource.getURL().toString();
                String relative = url.substring(url.lastIndexOf(LOCATION) + LOCATION.length());
                Path file = target.resolve(relative).normalize();
                if (!file.startsWith(target)) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, file);
                }
                file.toFile().deleteOnExit();
            }
            target.toFile().deleteOnExit();
            return target.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the built-in welcome capsule", e);
        }
    }
}
