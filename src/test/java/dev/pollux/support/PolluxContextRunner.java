package dev.pollux.support;

import java.nio.file.Path;
import java.time.Clock;

import dev.pollux.capsule.CapsuleConfiguration;
import dev.pollux.clientcert.ClientCertificateConfiguration;
import dev.pollux.config.PolluxPropertiesConfiguration;
import dev.pollux.handler.cgi.CgiConfiguration;
import dev.pollux.handler.fastcgi.FastCgiConfiguration;
import dev.pollux.handler.file.StaticFileConfiguration;
import dev.pollux.handler.gateway.GatewayConfiguration;
import dev.pollux.handler.rules.CapsuleRulesConfiguration;
import dev.pollux.handler.scgi.ScgiConfiguration;
import dev.pollux.proxy.ProxyConfiguration;
import dev.pollux.ratelimit.RateLimitConfiguration;
import dev.pollux.server.GeminiServerConfiguration;
import dev.pollux.tls.TlsConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Pollux's configuration on a loopback port 0, for tests of startup and binding; and the check that a bad setting fails startup. */
public final class PolluxContextRunner {

    private PolluxContextRunner() {
    }

    /** The Gemini server and every feature that compiles a capsule policy, without the Actuator or applications. */
    private static final Class<?>[] CORE = {PolluxPropertiesConfiguration.class, CapsuleConfiguration.class, TlsConfiguration.class,
            ClientCertificateConfiguration.class, RateLimitConfiguration.class, CapsuleRulesConfiguration.class, CgiConfiguration.class,
            GatewayConfiguration.class, FastCgiConfiguration.class, ScgiConfiguration.class, StaticFileConfiguration.class,
            ProxyConfiguration.class, GeminiServerConfiguration.class};

    /** The core configuration, plus {@code extra} configuration classes, with generated certificates kept in {@code directory}. */
    public static ApplicationContextRunner runner(Path directory, Class<?>... extra) {
        return new ApplicationContextRunner()
                .withBean(Clock.class, Clock::systemUTC)
                .withUserConfiguration(CORE)
                .withUserConfiguration(extra)
                .withPropertyValues("pollux.server.address=127.0.0.1", "pollux.server.port=0",
                        "pollux.tls.certificate-directory=" + directory.resolve("certs"));
    }

    /** Starting with {@code properties} fails, and the failure's messages contain every one of {@code expected}. */
    public static void assertStartupFails(ApplicationContextRunner runner, String[] expected, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            StringBuilder messages = new StringBuilder();
            for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
                messages.append(cause.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains(expected);
        });
    }
}
