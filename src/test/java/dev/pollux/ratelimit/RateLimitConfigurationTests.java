package dev.pollux.ratelimit;

import java.nio.file.Path;
import java.time.Duration;

import dev.pollux.config.PolluxProperties;
import dev.pollux.config.Rate;
import dev.pollux.handler.RequestGate;
import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate-limit settings bound from properties: Jetforce strings become rates, and bad values fail startup naming the property. */
class RateLimitConfigurationTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() {
        return PolluxContextRunner.runner(directory, RateLimitConfiguration.class);
    }

    @Test
    void limitsNothingByDefault() {
        runner().run(context -> {
            PolluxProperties properties = context.getBean(PolluxProperties.class);
            assertThat(properties.rateLimit()).isNull();
            assertThat(properties.rateLimitAllow()).isEmpty();
            assertThat(properties.rateLimitIpv6Prefix()).isEqualTo(64);
            assertThat(properties.rateLimitMaxClients()).isEqualTo(50_000);
            assertThat(context.getBean(RequestGate.class)).isSameAs(RequestGate.OPEN);
        });
    }

    @Test
    void bindsJetforceRateStringsServerWidePerCapsuleAndPerPath() {
        runner().withPropertyValues("pollux.rate-limit=60/5m", "pollux.capsules[0].rate-limit=100/2h",
                "pollux.capsules[0].rate-limits[0].path=/cgi-bin/**", "pollux.capsules[0].rate-limits[0].limit=5/s",
                "pollux.rate-limit-allow=127.0.0.0/8,::1/128", "pollux.rate-limit-ipv6-prefix=56").run(context -> {
            PolluxProperties properties = context.getBean(PolluxProperties.class);
            assertThat(properties.rateLimit()).isEqualTo(new Rate(60, Duration.ofMinutes(5)));
            assertThat(properties.capsules().get(0).rateLimit()).isEqualTo(new Rate(100, Duration.ofHours(2)));
            assertThat(properties.capsules().get(0).rateLimits().get(0).limit()).isEqualTo(new Rate(5, Duration.ofSeconds(1)));
            assertThat(properties.rateLimitAllow()).containsExactly("127.0.0.0/8", "::1/128");
            assertThat(context.getBean(RequestGate.class)).isInstanceOf(ServerRateLimitGate.class);
            assertThat(context.getBean(ClientKeyResolver.class).keyFor(java.net.InetAddress.getByName("::1"))).isEmpty();
        });
    }

    @Test
    void failsStartupNamingAnInvalidServerWideRate() {
        assertStartupFails("pollux.rate-limit", "'60/5x' is not a rate", "pollux.rate-limit=60/5x");
    }

    @Test
    void failsStartupNamingAnInvalidCapsuleRate() {
        assertStartupFails("pollux.capsules[0].rate-limit", "a rate must allow at least 1 request", "pollux.capsules[0].rate-limit=0/m");
    }

    @Test
    void failsStartupNamingAnInvalidPathRate() {
        assertStartupFails("pollux.capsules[0].rate-limits[0].limit", "is not a rate",
                "pollux.capsules[0].rate-limits[0].path=/cgi-bin/**", "pollux.capsules[0].rate-limits[0].limit=often");
    }

    @Test
    void failsStartupNamingAPathLimitWithoutItsRate() {
        assertStartupFails("capsules[0].rateLimits[0].limit", "must not be null", "pollux.capsules[0].rate-limits[0].path=/cgi-bin/**");
    }

    @Test
    void failsStartupNamingAPathThatIsNotAbsolute() {
        assertStartupFails("capsules[0].rateLimits[0].path", "must start with /",
                "pollux.capsules[0].rate-limits[0].path=cgi-bin/**", "pollux.capsules[0].rate-limits[0].limit=1/m");
    }

    @Test
    void failsStartupNamingAnAllowListEntryThatIsNotARange() {
        assertStartupFails("pollux.rate-limit-allow[1]", "'example.org' is not an address range",
                "pollux.rate-limit-allow=127.0.0.0/8,example.org");
    }

    @Test
    void failsStartupOnAnIpv6PrefixOutOfRange() {
        assertStartupFails("rateLimitIpv6Prefix", "must be less than or equal to 128", "pollux.rate-limit-ipv6-prefix=129");
    }

    private void assertStartupFails(String property, String problem, String... properties) {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {property, problem}, properties);
    }
}
