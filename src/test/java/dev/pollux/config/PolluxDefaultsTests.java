package dev.pollux.config;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** Pollux's defaults for settings nobody made: safe where nothing else is configured. */
class PolluxDefaultsTests {

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new PolluxDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void theActuatorListensOnLoopbackUnlessConfigured() {
        assertThat(environment(Map.of()).getProperty("management.server.address")).isEqualTo("127.0.0.1");
        assertThat(environment(Map.of("management.server.address", "0.0.0.0")).getProperty("management.server.address")).isEqualTo("0.0.0.0");
    }

    @Test
    void generatedCertificatesGoToSystemdsStateDirectory() {
        assertThat(environment(Map.of()).getProperty("pollux.tls.certificate-directory")).as("the record's default, certs").isNull();
        assertThat(environment(Map.of("STATE_DIRECTORY", "/var/lib/pollux")).getProperty("pollux.tls.certificate-directory"))
                .isEqualTo("/var/lib/pollux/certs");
        assertThat(environment(Map.of("STATE_DIRECTORY", "/var/lib/pollux:/var/lib/other")).getProperty("pollux.tls.certificate-directory"))
                .isEqualTo("/var/lib/pollux/certs");
        assertThat(environment(Map.of("STATE_DIRECTORY", "/var/lib/pollux", "pollux.tls.certificate-directory", "/srv/certs"))
                .getProperty("pollux.tls.certificate-directory")).as("a configured directory wins").isEqualTo("/srv/certs");
    }
}
