package dev.pollux.proxy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reverse proxy: each capsule's mounts, compiled and checked at startup, and the handler that relays to them. */
@Configuration(proxyBeanMethods = false)
public class ProxyConfiguration {

    @Bean
    ProxyPolicyCompiler proxyPolicyCompiler() {
        return new ProxyPolicyCompiler();
    }

    @Bean
    ProxyHandler proxyHandler() {
        return new ProxyHandler();
    }
}
