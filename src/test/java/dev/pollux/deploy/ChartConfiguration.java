package dev.pollux.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.pollux.config.PolluxProperties;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The application.yml the chart renders, loaded as Spring Boot loads a configuration file and
 * bound to {@link PolluxProperties} with the same conversion and JSR-303 validation as at
 * startup. Unlike startup, a {@code pollux.*} key that binds to nothing fails too, so the chart
 * cannot render a setting the server would silently ignore.
 */
final class ChartConfiguration {

    private ChartConfiguration() {
    }

    static Binder binder(String applicationYaml) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load("chart application.yml", new ByteArrayResource(applicationYaml.getBytes(StandardCharsets.UTF_8)));
            return new Binder(ConfigurationPropertySources.from(sources), null, ApplicationConversionService.getSharedInstance());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PolluxProperties bind(String applicationYaml) {
        try (ValidatorFactory validators = Validation.buildDefaultValidatorFactory()) {
            BindHandler handler = new ValidationBindHandler(new NoUnboundElementsBindHandler(BindHandler.DEFAULT),
                    new SpringValidatorAdapter(validators.getValidator()));
            return binder(applicationYaml).bindOrCreate("pollux", Bindable.of(PolluxProperties.class), handler);
        }
    }
}
