package dev.pollux.app.examples;

import dev.pollux.app.GeminiRoute;
import reactor.core.publisher.Mono;

/** {@code /examples/}: links to the examples. Returns a {@code Mono}, so it is answered on the event loop. */
public class ExamplesIndex {

    @GeminiRoute(value = "/examples", host = GeminiRoute.DEFAULT_CAPSULE)
    public Mono<String> index() {
        return Mono.just("""
                # Pollux example applications

                => /examples/guestbook A guestbook: input (10), redirects (30), a file safe under concurrent posts
                => /examples/members A members' page: client certificates (60)
                => /examples/clock A live clock: a stream that ends when you leave
                """);
    }
}
