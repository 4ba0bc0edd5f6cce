package dev.pollux.handler.cgi;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.pollux.config.PolluxProperties;
import dev.pollux.handler.file.ContainedPathResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * CGI: each capsule's settings (checked at startup), the scheduler that starts scripts and reads
 * their output, and the handler, which sits before static files. The handler is always there; it
 * passes on every request of a capsule whose CGI is off.
 */
@Configuration(proxyBeanMethods = false)
public class CgiConfiguration {

    /** Per running script: its header-then-body reader, its stderr reader and its exit's waiter, plus room for starts. */
    private static final int THREADS_PER_SCRIPT = 4;

    @Bean
    CgiSettingsCompiler cgiSettingsCompiler(PolluxProperties properties) {
        return new CgiSettingsCompiler(properties.cgi());
    }

    /** A bean so that metrics can read how many scripts run. */
    @Bean
    CgiLimiter cgiLimiter(PolluxProperties properties) {
        return new CgiLimiter(properties.cgi().maxConcurrent());
    }

    /** Closed on shutdown (inferred {@code close()}): running scripts are killed and the CGI scheduler stops. */
    @Bean
    CgiHandler cgiHandler(PolluxProperties properties, CgiLimiter limiter, ObjectProvider<Ticker> fileCacheTicker) {
        int max = properties.cgi().maxConcurrent();
        Scheduler cgiScheduler = Schedulers.newBoundedElastic(THREADS_PER_SCRIPT * max + 2, 4 * max + 16, "pollux-cgi", 60, true);
        return new CgiHandler(
                new CgiScriptResolver(new ContainedPathResolver()),
                new CgiEnvironment(),
                new CgiScriptRunner(cgiScheduler, Schedulers.boundedElastic()),
                limiter,
                Schedulers.boundedElastic(),
                // the static files' freshness bound, and their ticker (tests move it)
                new CgiLookups(properties.fileCache().freshness(), fileCacheTicker.getIfAvailable(Ticker::systemTicker)));
    }

    @Bean
    CgiScriptsWithheld cgiScriptsWithheld() {
        return new CgiScriptsWithheld(new ContainedPathResolver());
    }
}
