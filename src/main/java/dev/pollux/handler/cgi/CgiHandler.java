package dev.pollux.handler.cgi;

import dev.pollux.capsule.Capsule;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs the script a request's canonical path names in its capsule's CGI directory ({@link CgiSettings}).
 * Requests outside that directory,
 * and all requests of capsules without CGI, go on to the next handler; requests under it never do:
 * a file that is not an executable script answers {@code 51}, so its source is never served.
 * Past the concurrency bound the answer is {@code 41} (the server is busy, not the client too fast).
 */
public final class CgiHandler implements GeminiHandler, AutoCloseable {

    static final String BUSY_META = "Too many scripts running, try again later";

    private final CgiScriptResolver resolver;
    private final CgiEnvironment environment;
    private final CgiScriptRunner runner;
    private final CgiLimiter limiter;
    private final Scheduler fileScheduler;
    private final CgiLookups lookups;

    /** @param fileScheduler where script lookup (file-system access) runs */
    CgiHandler(CgiScriptResolver resolver, CgiEnvironment environment, CgiScriptRunner runner, CgiLimiter limiter,
               Scheduler fileScheduler, CgiLookups lookups) {
        this.resolver = resolver;
        this.environment = environment;
        this.runner = runner;
        this.limiter = limiter;
        this.fileScheduler = fileScheduler;
        this.lookups = lookups;
    }

    @Override
    public Stage stage() {
        return Stage.CGI;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        Capsule capsule = exchange.capsule();
        CgiSettings cgi = capsule.policy(CgiSettings.POLICY);
        if (!cgi.enabled()) {
            return chain.next(exchange);
        }
        CgiLookups.Key key = new CgiLookups.Key(capsule.hostname(), capsule.root(), exchange.request().path().value());
        if (lookups.knownOutside(key)) {
            return chain.next(exchange);
        }
        return Mono.fromCallable(() -> resolver.resolve(capsule, cgi.directory(), exchange.request().path()))
                .subscribeOn(fileScheduler)
                .flatMap(resolution -> {
                    if (resolution instanceof CgiScriptResolver.Script script) {
                        return run(exchange, script, cgi);
                    }
                    if (resolution instanceof CgiScriptResolver.NotFound) {
                        return Mono.just(GeminiResponse.notFound());
                    }
                    lookups.rememberOutside(key);
                    return chain.next(exchange);
                });
    }

    /** Shutdown: kills running scripts. */
    @Override
    public void close() {
        runner.close();
    }

    private Mono<GeminiResponse> run(GeminiExchange exchange, CgiScriptResolver.Script script, CgiSettings cgi) {
        Runnable permit = limiter.tryAcquire(exchange.capsule().hostname(), cgi.maxConcurrent());
        if (permit == null) {
            return Mono.just(GeminiResponse.refused(Status.SERVER_UNAVAILABLE, BUSY_META, Reason.CGI_BUSY));
        }
        String name = exchange.capsule().hostname() + script.scriptName();
        return runner.run(script.executable(), name, environment.build(exchange, script, cgi), cgi.timeout(), permit);
    }
}
