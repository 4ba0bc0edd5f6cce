package dev.pollux.handler.scgi;

import dev.pollux.handler.Stage;
import dev.pollux.handler.cgi.CgiEnvironment;
import dev.pollux.handler.gateway.GatewayClient;
import dev.pollux.handler.gateway.GatewayHandler;
import dev.pollux.handler.gateway.GatewayMount;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** SCGI applications behind capsule paths ({@code pollux.capsules[N].scgi[M]}); without any, the handler passes every request on. */
@Configuration(proxyBeanMethods = false)
public class ScgiConfiguration {

    @Bean
    GatewayHandler scgiHandler() {
        return new GatewayHandler(Stage.SCGI, GatewayMount.Kind.SCGI, new GatewayClient(new ScgiProtocol()), new CgiEnvironment());
    }
}
