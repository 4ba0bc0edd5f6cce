package dev.pollux.app;

import dev.pollux.capsule.CapsuleRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Gemini applications: the registry that finds {@link GeminiRoute} methods, the scheduler their
 * blocking methods run on, and the handler that puts them in the chain before CGI and static files.
 */
@Configuration(proxyBeanMethods = false)
public class ApplicationRoutesConfiguration {

    @Bean
    GeminiRouteRegistry geminiRouteRegistry() {
        return new GeminiRouteRegistry();
    }

    /** Bounded like Reactor's own elastic scheduler (10 threads per core, then a queue); stopped on shutdown. */
    @Bean(destroyMethod = "dispose")
    Scheduler applicationRouteScheduler() {
        return Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
                Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "pollux-app", 60, true);
    }

    @Bean
    ApplicationRouteHandler applicationRouteHandler(GeminiRouteRegistry geminiRouteRegistry, CapsuleRegistry capsuleRegistry,
                                                    Scheduler applicationRouteScheduler) {
        return new ApplicationRouteHandler(geminiRouteRegistry, capsuleRegistry, applicationRouteScheduler);
    }
}
