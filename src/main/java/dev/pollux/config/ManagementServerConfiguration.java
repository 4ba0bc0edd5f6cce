package dev.pollux.config;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The web server factory Boot's Netty auto-configuration would create, as a {@link ManagementWebServerFactory}
 * so that {@code server.port=-1} (Pollux's default) starts no main HTTP server and the Actuator gets its own
 * management server.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.REACTIVE)
public class ManagementServerConfiguration {

    @Bean
    ManagementWebServerFactory managementWebServerFactory(ReactorResourceFactory resourceFactory,
                                                          ObjectProvider<NettyRouteProvider> routes,
                                                          ObjectProvider<NettyServerCustomizer> serverCustomizers) {
        ManagementWebServerFactory factory = new ManagementWebServerFactory();
        factory.setResourceFactory(resourceFactory);
        routes.orderedStream().forEach(factory::addRouteProviders);
        factory.getServerCustomizers().addAll(serverCustomizers.orderedStream().toList());
        return factory;
    }
}
