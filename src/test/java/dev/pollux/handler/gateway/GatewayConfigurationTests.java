package dev.pollux.handler.gateway;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.protocol.RequestPath;
import dev.pollux.support.PolluxContextRunner;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** FastCGI and SCGI mounts: compiled once per capsule, matched by the longest prefix, and bad settings that fail startup naming the property. */
class GatewayConfigurationTests {

    @TempDir
    Path directory;

    private ApplicationContextRunner runner() {
        return PolluxContextRunner.runner(directory)
                .withPropertyValues("pollux.capsules[0].hostname=a.example", "pollux.capsules[0].root=" + directory);
    }

    private static GatewayMounts mounts(ApplicationContext context) {
        return context.getBean(CapsuleRegistry.class).find("a.example").orElseThrow().policy(GatewayMounts.POLICY);
    }

    @Test
    void compilesEachMountWithItsDefaultsAndMatchesTheLongestPrefixOfEitherProtocol() {
        runner().withPropertyValues(
                        "pollux.capsules[0].fastcgi[0].path=/app", "pollux.capsules[0].fastcgi[0].address=unix:/run/app.sock",
                        "pollux.capsules[0].fastcgi[1].path=/", "pollux.capsules[0].fastcgi[1].address=127.0.0.1:9000",
                        "pollux.capsules[0].scgi[0].path=//app/sub/", "pollux.capsules[0].scgi[0].address=[::1]:4000")
                .run(context -> {
                    GatewayMounts mounts = mounts(context);
                    GatewayMount app = mounts.match(RequestPath.parse("/app/x"));
                    assertThat(app.kind()).isEqualTo(GatewayMount.Kind.FASTCGI);
                    assertThat(app.scriptName()).isEqualTo("/app");
                    assertThat(app.headerTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(app.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(app.environment()).isEqualTo(Map.of());
                    assertThat(mounts.match(RequestPath.parse("/app/sub/y")).kind()).isEqualTo(GatewayMount.Kind.SCGI);
                    assertThat(mounts.match(RequestPath.parse("/app/sub/y")).segments()).isEqualTo(List.of("app", "sub"));
                    assertThat(mounts.match(RequestPath.parse("/apple")).scriptName()).as("whole segments only").isEqualTo("");
                    assertThat(mounts.match(RequestPath.parse("/%61pp/../app")).scriptName()).isEqualTo("/app");
                });
    }

    @Test
    void hasNoMountsUnlessConfigured() {
        runner().run(context -> assertThat(mounts(context).match(RequestPath.parse("/x"))).isNull());
    }

    @Test
    void parsesUnixAndTcpAddresses() {
        assertThat(ApplicationAddress.parse("p", "unix:/run/app.sock")).isEqualTo(new DomainSocketAddress("/run/app.sock"));
        assertThat(ApplicationAddress.parse("p", "127.0.0.1:9000")).isEqualTo(new InetSocketAddress("127.0.0.1", 9000));
        assertThat(ApplicationAddress.parse("p", "[::1]:9000")).isEqualTo(new InetSocketAddress("::1", 9000));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "fastcgi[0].address | nowhere             | pollux.capsules[0].fastcgi[0].address: must be unix:/path/to.sock or host:port",
            "fastcgi[0].address | unix:run/app.sock   | pollux.capsules[0].fastcgi[0].address: a Unix socket needs an absolute path",
            "fastcgi[0].address | localhost:99999     | pollux.capsules[0].fastcgi[0].address: must end with a port from 1 to 65535",
            "fastcgi[0].path    | app                 | pollux.capsules[0].fastcgi[0].path: must start with /",
            "fastcgi[0].path    | /a/../b             | pollux.capsules[0].fastcgi[0].path: must not contain . or .. segments",
            "fastcgi[0].header-timeout | 0s           | pollux.capsules[0].fastcgi[0].header-timeout: must be positive",
            "fastcgi[0].body-timeout   | -1s          | pollux.capsules[0].fastcgi[0].body-timeout: must be positive",
            "fastcgi[0].environment.BAD-NAME | x      | pollux.capsules[0].fastcgi[0].environment: 'BAD-NAME' cannot be sent",
    })
    void failsStartupNamingTheFastCgiProperty(String property, String value, String expected) {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {expected},
                "pollux.capsules[0].fastcgi[0].path=/app", "pollux.capsules[0].fastcgi[0].address=127.0.0.1:9000",
                "pollux.capsules[0]." + property + "=" + value);
    }

    @Test
    void refusesScgisOwnHeadersAsExtraVariables() {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {"pollux.capsules[0].scgi[0].environment: 'CONTENT_LENGTH' cannot be sent"},
                "pollux.capsules[0].scgi[0].path=/app", "pollux.capsules[0].scgi[0].address=127.0.0.1:9000",
                "pollux.capsules[0].scgi[0].environment.CONTENT_LENGTH=5");
    }

    @Test
    void refusesTwoMountsOnOnePath() {
        PolluxContextRunner.assertStartupFails(runner(),
                new String[] {"pollux.capsules[0].scgi[0].path: '/app/' is already the path of pollux.capsules[0].fastcgi[0].path"},
                "pollux.capsules[0].fastcgi[0].path=/app", "pollux.capsules[0].fastcgi[0].address=127.0.0.1:9000",
                "pollux.capsules[0].scgi[0].path=/app/", "pollux.capsules[0].scgi[0].address=127.0.0.1:9001");
    }

    @Test
    void refusesAMountWithoutAnAddress() {
        PolluxContextRunner.assertStartupFails(runner(), new String[] {"pollux.capsules[0].fastcgi[0].address"},
                "pollux.capsules[0].fastcgi[0].path=/app");
    }
}
