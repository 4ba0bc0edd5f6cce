package dev.pollux.app;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of any Spring bean as the handler of a Gemini route, as Jetforce's {@code @app.route}.
 * Routes are found once at startup; a bad pattern, parameter or return type stops startup naming the
 * bean and method.
 *
 * <p>Parameters may be {@link dev.pollux.protocol.GeminiRequest}, {@link dev.pollux.handler.GeminiExchange},
 * {@link dev.pollux.capsule.Capsule}, {@link dev.pollux.handler.ClientConnection},
 * {@link dev.pollux.tls.ClientCertificate} (null without one) or {@code Optional<ClientCertificate>},
 * a {@code String} annotated {@link Input} (the decoded query), a {@code String}, {@code int} or
 * {@code long} annotated {@link Group} (a named group of the pattern), and an {@link Upload}: the body of a Titan
 * upload, which makes the route answer Titan requests ({@code titan://}) instead of Gemini ones.
 *
 * <p>Return types: {@link dev.pollux.protocol.GeminiResponse}, {@code String} (gemtext, {@code 20 text/gemini}),
 * {@code Mono<GeminiResponse>}, {@code Mono<String>}, or {@code Flux<String>} (gemtext streamed line by line).
 * A method that returns a {@code Mono} or {@code Flux} is called on the event loop and must not block;
 * any other method is called on the bounded {@code pollux-app} scheduler, so it may block.
 * A null result or an empty {@code Mono} passes the request on to CGI and static files.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface GeminiRoute {

    /** For {@link #host()}: the default capsule, whatever its host name is. */
    String DEFAULT_CAPSULE = "#default";

    /**
     * A Java regular expression that must match the whole percent-decoded path, such as
     * {@code /notes/(?<name>[a-z-]+)}. Named groups bind to {@link Group} parameters.
     * {@code ${...}} placeholders are resolved from the environment.
     */
    String value();

    /**
     * The capsule served: one of its host names or aliases, or {@link #DEFAULT_CAPSULE}.
     * Empty (the default) serves every capsule. {@code ${...}} placeholders are resolved.
     */
    String host() default "";

    /**
     * As Jetforce's {@code strict_trailing_slash}: when false (the default), trailing slashes are removed
     * from the path before matching, so {@code /guestbook/} matches the pattern {@code /guestbook}.
     */
    boolean strictSlashes() default false;
}
