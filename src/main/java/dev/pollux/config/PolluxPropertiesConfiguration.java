package dev.pollux.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/** Binds and validates everything under {@code pollux.*}; each feature package wires its own beans from it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PolluxProperties.class, AccessLogProperties.class})
public class PolluxPropertiesConfiguration {

    /** Unknown keys under {@code pollux.} stop startup before any bean is created. */
    @Bean
    static UnknownPropertiesCheck unknownPolluxProperties(ConfigurableEnvironment environment) {
        return new UnknownPropertiesCheck(environment);
    }
}
