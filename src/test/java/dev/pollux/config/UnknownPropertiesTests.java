package dev.pollux.config;

import java.nio.file.Path;
import java.util.Map;

import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys under {@code pollux.} that nothing binds stop startup, naming the closest known key; every spelling Spring accepts still binds. */
class UnknownPropertiesTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() {
        return PolluxContextRunner.runner(directory);
    }

    /** Runs with {@code variables} as the process environment, in place of the real one. */
    private ApplicationContextRunner withEnvironmentVariables(Map<String, Object> variables) {
        return runner().withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            pollux.sever.port                                   | pollux.server.port
            pollux.server.prot                                  | pollux.server.port
            pollux.capsules[0].rooot                            | pollux.capsules[0].root
            pollux.capsules[0].tsl.certificate                  | pollux.capsules[0].tls.certificate
            pollux.capsules[0].cgi.enabeld                      | pollux.capsules[0].cgi.enabled
            pollux.capsules[0].client-certificates[0].requir    | pollux.capsules[0].client-certificates[0].require
            pollux.capsule[0].root                              | pollux.capsules[0].root
            pollux.mime-type.log                                | pollux.mime-types.log
            pollux.rate-limt                                    | pollux.rate-limit
            pollux.certificate                                  | pollux.tls.certificate
            pollux.examples.enabeld                             | pollux.examples.enabled
            """)
    void anUnknownKeyStopsStartupNamingTheClosestKnownOne(String unknown, String closest) {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {
                unknown + ": no such setting; did you mean " + closest + "? (set in test)"}, unknown + "=/tmp");
    }

    @Test
    void anUnknownKeyInACapsuleThatHasKnownOnesToo() {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {
                        "pollux.capsules[0].index-fil: no such setting; did you mean pollux.capsules[0].index-file?"},
                "pollux.capsules[0].hostname=example.org", "pollux.capsules[0].index-fil=index.gemini");
    }

    @Test
    void aKeyLikeNoOtherIsNamedWithoutASuggestionAndEveryUnknownKeyIsListed() {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {
                "pollux.zzzzzzzz: no such setting (set in test); also unknown: pollux.zzzzzzzzz"}, "pollux.zzzzzzzz=1", "pollux.zzzzzzzzz=2");
    }

    @Test
    void aValueThatDoesNotConvertIsReportedAsSuchNotAsAnUnknownKey() {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {"pollux.rate-limit", "'abc' is not a rate"}, "pollux.rate-limit=abc");
        runner().withPropertyValues("pollux.rate-limit=abc").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageNotContaining("no such setting"));
    }

    @Test
    void relaxedSpellingsFreeFormMapKeysAndTheExamplesSettingsBind() {
        runner().withPropertyValues(
                        "pollux.server.requestTimeout=5s", "pollux.rateLimitIpv6Prefix=48", "pollux.capsules[0].hostname=example.org",
                        "pollux.capsules[0].indexFile=index.gemini", "pollux.capsules[0].cgi.environment.GREETING=hello",
                        "pollux.mime-types.log=text/plain", "pollux.mime-types[tar.gz]=application/gzip",
                        "pollux.cgi.environment.DATABASE_URL=postgres://localhost/guestbook",
                        "pollux.examples.guestbook-directory=" + directory.resolve("guestbook"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PolluxProperties properties = context.getBean(PolluxProperties.class);
                    assertThat(properties.server().requestTimeout()).hasSeconds(5);
                    assertThat(properties.rateLimitIpv6Prefix()).isEqualTo(48);
                    assertThat(properties.capsules().get(0).indexFile()).isEqualTo("index.gemini");
                    assertThat(properties.capsules().get(0).cgi().environment()).containsEntry("GREETING", "hello");
                    assertThat(properties.mimeTypes()).containsEntry("log", "text/plain").containsEntry("tar.gz", "application/gzip");
                    assertThat(properties.cgi().environment()).containsEntry("DATABASE_URL", "postgres://localhost/guestbook");
                });
    }

    @Test
    void environmentVariablesBindAndAreNotChecked() {
        // POLLUX_PORT is what Kubernetes sets for a Service named pollux: the environment is shared with other programs
        withEnvironmentVariables(Map.of("POLLUX_SERVER_BACKLOG", "100", "POLLUX_CAPSULES_0_HOSTNAME", "example.org",
                "POLLUX_PORT", "tcp://10.0.0.1:1965", "POLLUX_SEVER_PORT", "1966"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PolluxProperties properties = context.getBean(PolluxProperties.class);
                    assertThat(properties.server().backlog()).isEqualTo(100);
                    assertThat(properties.capsules().get(0).hostname()).isEqualTo("example.org");
                });
    }
}
