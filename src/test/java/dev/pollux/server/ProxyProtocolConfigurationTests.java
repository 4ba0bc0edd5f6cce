package dev.pollux.server;

import java.nio.file.Path;

import dev.pollux.support.PolluxContextRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** PROXY protocol settings that cannot work stop startup, naming the property. */
class ProxyProtocolConfigurationTests {

    @TempDir
    Path directory;

    private void assertStartupFails(String property, String problem, String... properties) {
        PolluxContextRunner.assertStartupFails(PolluxContextRunner.runner(directory), new String[] {property, problem}, properties);
    }

    @Test
    void theProxyProtocolNeedsTrustedProxies() {
        assertStartupFails("pollux.server.trusted-proxies", "needs the address ranges of the load balancers",
                "pollux.server.proxy-protocol=true");
    }

    @Test
    void aTrustedProxyMustBeAnAddressRange() {
        assertStartupFails("pollux.server.trusted-proxies[1]", "'balancer.internal' is not an address range",
                "pollux.server.proxy-protocol=true", "pollux.server.trusted-proxies[0]=10.0.0.0/8",
                "pollux.server.trusted-proxies[1]=balancer.internal");
    }

    @Test
    void trustedProxiesWithoutTheProxyProtocolAreAMistake() {
        assertStartupFails("pollux.server.trusted-proxies", "is used only with pollux.server.proxy-protocol: true",
                "pollux.server.trusted-proxies[0]=10.0.0.0/8");
    }

    @Test
    void startsWithTheProxyProtocolAndItsTrustedProxies() {
        PolluxContextRunner.runner(directory)
                .withPropertyValues("pollux.server.proxy-protocol=true", "pollux.server.trusted-proxies=10.0.0.0/8,2001:db8::/32")
                .run(context -> assertThat(context.getBean(GeminiServer.class).port()).isPositive());
    }
}
