package dev.pollux.handler.rules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Capsule rules: each capsule's compiled rules, and the handler that applies them. */
@Configuration(proxyBeanMethods = false)
public class CapsuleRulesConfiguration {

    @Bean
    CapsuleRulesCompiler capsuleRulesCompiler() {
        return new CapsuleRulesCompiler();
    }

    @Bean
    CapsuleRulesHandler capsuleRulesHandler() {
        return new CapsuleRulesHandler();
    }
}
