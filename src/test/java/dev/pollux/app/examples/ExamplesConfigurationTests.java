package dev.pollux.app.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples are off unless asked for, and a guestbook directory that cannot be made stops startup naming the property. */
class ExamplesConfigurationTests {

    @TempDir
    Path base;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(Clock.class, Clock::systemUTC)
            .withUserConfiguration(ExamplesConfiguration.class);

    @Test
    void areOffByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(GuestbookExample.class).doesNotHaveBean(ClockExample.class).doesNotHaveBean(MembersExample.class));
        runner.withPropertyValues("pollux.examples.enabled=false").run(context -> assertThat(context).doesNotHaveBean(GuestbookExample.class));
    }

    @Test
    void areMountedWhenEnabled() {
        runner.withPropertyValues("pollux.examples.enabled=true", "pollux.examples.guestbook-directory=" + base.resolve("gb"))
                .run(context -> {
                    assertThat(context).hasSingleBean(GuestbookExample.class).hasSingleBean(MembersExample.class)
                            .hasSingleBean(ClockExample.class).hasSingleBean(ExamplesIndex.class);
                    assertThat(base.resolve("gb")).isDirectory();
                });
    }

    @Test
    void refusesAGuestbookDirectoryThatCannotBeCreated() throws Exception {
        Path file = Files.writeString(base.resolve("a-file"), "not a directory");
        runner.withPropertyValues("pollux.examples.enabled=true", "pollux.examples.guestbook-directory=" + file.resolve("gb"))
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageStartingWith("pollux.examples.guestbook-directory: "));
    }
}
