package dev.pollux.handler.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What FastCGI and SCGI share: each capsule's mounts (checked at startup) and the connections' transport. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /** Closed on shutdown (inferred {@code close()}): open application connections are closed. */
    @Bean
    GatewayTransport gatewayTransport() {
        return new GatewayTransport();
    }

    @Bean
    GatewayMountsCompiler gatewayMountsCompiler(GatewayTransport transport) {
        return new GatewayMountsCompiler(transport);
    }
}
