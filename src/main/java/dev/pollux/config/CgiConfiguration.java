package dev.pollux.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.handler.HandlerOrder;
import dev.pollux.handler.cgi.CgiEnvironment;
import dev.pollux.handler.cgi.CgiHandler;
import dev.pollux.handler.cgi.CgiLimiter;
import dev.pollux.handler.cgi.CgiScriptResolver;
import dev.pollux.handler.cgi.CgiScriptRunner;
import dev.pollux.handler.cgi.CgiSettings;
import dev.pollux.handler.file.ContainedPathResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * CGI: each capsule's settings (checked at startup), the scheduler that starts scripts and reads
 * their output, and the handler, which sits before static files. The handler is always there; it
 * passes on every request of a capsule whose CGI is off.
 */
@Configuration(proxyBeanMethods = false)
public class CgiConfiguration {

    /** Per running script: its header-then-body reader and its stderr reader, plus room for starts. */
    private static final int THREADS_PER_SCRIPT = 3;

    /** Closed on shutdown (inferred {@code close()}): running scripts are killed and the CGI scheduler stops. */
    @Bean
    @Order(HandlerOrder.CGI)
    CgiHandler cgiHandler(PolluxProperties properties, CapsuleRegistry capsules, DataBufferFactory geminiBufferFactory) {
        int max = properties.cgi().maxConcurrent();
        Scheduler cgiScheduler = Schedulers.newBoundedElastic(THREADS_PER_SCRIPT * max + 2, 4 * max + 16, "pollux-cgi", 60, true);
        return new CgiHandler(
                settings(properties, capsules),
                new CgiScriptResolver(new ContainedPathResolver()),
                new CgiEnvironment(),
                new CgiScriptRunner(cgiScheduler, Schedulers.boundedElastic(), geminiBufferFactory),
                new CgiLimiter(properties.cgi().maxConcurrent()),
                Schedulers.boundedElastic());
    }

    /** Capsules are built in configuration order, so the N-th capsule is {@code pollux.capsules[N]}. */
    private static Map<String, CgiSettings> settings(PolluxProperties properties, CapsuleRegistry capsules) {
        List<CapsuleProperties> configured = properties.capsules();
        Map<String, CgiSettings> settings = new LinkedHashMap<>();
        for (int i = 0; i < capsules.capsules().size(); i++) {
            Capsule capsule = capsules.capsules().get(i);
            CapsuleProperties own = i < configured.size() ? configured.get(i) : null;
            String prefix = "pollux.capsules[" + i + "]";
            settings.put(capsule.hostname(), own == null
                    ? CgiSettings.of(properties.cgi(), emptyCapsule(), prefix)
                    : CgiSettings.of(properties.cgi(), own, prefix));
        }
        return settings;
    }

    private static CapsuleProperties emptyCapsule() {
        return CapsuleProperties.defaults();
    }
}
