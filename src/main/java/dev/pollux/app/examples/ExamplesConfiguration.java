package dev.pollux.app.examples;

import java.io.IOException;
import java.time.Clock;

import dev.pollux.config.InvalidConfigurationException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The example applications, mounted on the default capsule under {@code /examples/} when
 * {@code pollux.examples.enabled=true}. Each is a plain bean whose {@code @GeminiRoute} methods are its pages.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("pollux.examples.enabled")
@EnableConfigurationProperties(ExamplesProperties.class)
public class ExamplesConfiguration {

    @Bean
    Guestbook guestbook(ExamplesProperties properties) {
        try {
            return new Guestbook(properties.guestbookDirectory());
        } catch (IOException e) {
            throw new InvalidConfigurationException("pollux.examples.guestbook-directory",
                    properties.guestbookDirectory() + " cannot be created: " + e.getMessage());
        }
    }

    @Bean
    GuestbookExample guestbookExample(Guestbook guestbook) {
        return new GuestbookExample(guestbook);
    }

    @Bean
    MembersExample membersExample() {
        return new MembersExample();
    }

    @Bean
    ClockExample clockExample(Clock clock) {
        return new ClockExample(clock);
    }

    @Bean
    ExamplesIndex examplesIndex() {
        return new ExamplesIndex();
    }
}
