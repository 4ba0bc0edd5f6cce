package dev.pollux.handler.fastcgi;

import dev.pollux.handler.Stage;
import dev.pollux.handler.cgi.CgiEnvironment;
import dev.pollux.handler.gateway.GatewayClient;
import dev.pollux.handler.gateway.GatewayHandler;
import dev.pollux.handler.gateway.GatewayMount;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** FastCGI applications behind capsule paths ({@code pollux.capsules[N].fastcgi[M]}); without any, the handler passes every request on. */
@Configuration(proxyBeanMethods = false)
public class FastCgiConfiguration {

    @Bean
    GatewayHandler fastCgiHandler() {
        return new GatewayHandler(Stage.FASTCGI, GatewayMount.Kind.FASTCGI, new GatewayClient(new FastCgiProtocol()), new CgiEnvironment());
    }
}
