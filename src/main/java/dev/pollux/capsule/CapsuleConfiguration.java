package dev.pollux.capsule;

import java.util.List;

import dev.pollux.config.PolluxProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The capsules, each compiled with the policy of every feature that declares a {@link CapsulePolicyCompiler} bean. */
@Configuration(proxyBeanMethods = false)
public class CapsuleConfiguration {

    @Bean
    CapsuleRegistry capsuleRegistry(PolluxProperties properties, List<CapsulePolicyCompiler<?>> compilers) {
        BuiltInCapsule welcome = new BuiltInCapsule();
        return CapsuleRegistry.from(properties.capsules(), welcome::root, compilers);
    }
}
