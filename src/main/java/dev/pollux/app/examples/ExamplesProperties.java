package dev.pollux.app.examples;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The example applications ({@code pollux.examples.*}), mounted under {@code /examples/} on the default capsule.
 *
 * @param enabled            mount the examples; off by default
 * @param guestbookDirectory where the guestbook keeps its entries ({@code entries.txt}); created if missing
 */
@Validated
@ConfigurationProperties("pollux.examples")
public record ExamplesProperties(
        @DefaultValue("false") boolean enabled,
        @NotNull @DefaultValue("data/guestbook") Path guestbookDirectory) {
}
