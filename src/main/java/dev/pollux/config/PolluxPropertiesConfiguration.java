package dev.pollux.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds and validates everything under {@code pollux.*}; each feature package wires its own beans from it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolluxProperties.class)
public class PolluxPropertiesConfiguration {
}
