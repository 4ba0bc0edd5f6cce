package dev.pollux.titan;

import java.time.Clock;

import dev.pollux.config.PolluxProperties;
import dev.pollux.handler.file.ContainedPathResolver;
import dev.pollux.handler.file.StaticFileHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/**
 * Titan uploads: each capsule's policy ({@code pollux.capsules[N].titan}), the gate that admits uploads by it, and the
 * file writes that take the uploads no application route or CGI script took. Both handlers are always there; they pass
 * Gemini requests on, and a capsule without Titan answers uploads {@code 53}.
 */
@Configuration(proxyBeanMethods = false)
public class TitanConfiguration {

    @Bean
    TitanPolicyCompiler titanPolicyCompiler(PolluxProperties properties) {
        return new TitanPolicyCompiler(properties.tls().clientCaFile() != null || properties.tls().clientCaPath() != null);
    }

    @Bean
    TitanGate titanGate(Clock clock) {
        return new TitanGate(clock);
    }

    @Bean
    TitanFileHandler titanFileHandler(StaticFileHandler staticFiles) {
        return new TitanFileHandler(new UploadTargets(new ContainedPathResolver()), staticFiles, Schedulers.boundedElastic());
    }
}
