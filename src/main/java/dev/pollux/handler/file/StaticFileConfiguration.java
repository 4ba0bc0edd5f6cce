package dev.pollux.handler.file;

import dev.pollux.config.PolluxProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/** Static files: media types from {@code pollux.mime-types}, and the handler at the end of the chain. */
@Configuration(proxyBeanMethods = false)
public class StaticFileConfiguration {

    @Bean
    MimeTypes mimeTypes(PolluxProperties properties) {
        return new MimeTypes(properties.mimeTypes());
    }

    @Bean
    StaticFileHandler staticFileHandler(MimeTypes mimeTypes) {
        ContainedPathResolver resolver = new ContainedPathResolver();
        return new StaticFileHandler(resolver, new DirectoryListing(resolver), mimeTypes, Schedulers.boundedElastic());
    }
}
