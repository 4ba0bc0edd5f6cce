package dev.pollux.config;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's Redis auto-configuration only with {@code pollux.rate-limit-store=redis}: with the default local store
 * Pollux has no Redis client, threads, template or health check at all. Decided when auto-configuration is imported,
 * after every property source (test properties included) is in place.
 */
public class RedisAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    private static final String REDIS_AUTO_CONFIGURATION = "org.springframework.boot.data.redis.";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata autoConfigurationMetadata) {
        // as text: a misspelt value is left for the real binding to report, naming the property
        boolean redis = Binder.get(environment).bind("pollux.rate-limit-store", String.class)
                .map(store -> store.strip().equalsIgnoreCase(RateLimitStore.REDIS.name())).orElse(false);
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = redis || candidate == null || !candidate.startsWith(REDIS_AUTO_CONFIGURATION);
        }
        return matches;
    }
}
