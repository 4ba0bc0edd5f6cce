package dev.pollux.app;

import dev.pollux.protocol.GeminiResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A route that cannot work stops startup with a message naming its bean and method, and what is wrong. */
class AppRouteValidationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(GeminiRouteRegistry.class);

    static Stream<Arguments> badRoutes() {
        return Stream.of(
                Arguments.of(BadPattern.class, "BadPattern#route (bean 'bad'): invalid pattern: Unclosed group"),
                Arguments.of(UnknownGroup.class, "UnknownGroup#route (bean 'bad'): parameter 0 (java.lang.String name): the pattern has no group named 'name'"),
                Arguments.of(GroupOfWrongType.class, "GroupOfWrongType#route (bean 'bad'): parameter 0 (double id): @Group needs a String, int or long"),
                Arguments.of(InputOfWrongType.class, "InputOfWrongType#route (bean 'bad'): parameter 0 (int input): @Input needs a String"),
                Arguments.of(UnknownParameter.class, "UnknownParameter#route (bean 'bad'): parameter 0 (java.lang.Object thing): not a type a route can receive"),
                Arguments.of(VoidResult.class, "VoidResult#route (bean 'bad'): returns void, but a route returns GeminiResponse, String"),
                Arguments.of(FluxOfNumbers.class, "FluxOfNumbers#route (bean 'bad'): returns reactor.core.publisher.Flux<java.lang.Integer>"),
                Arguments.of(BadHost.class, "BadHost#route (bean 'bad'): host 'not a host' is not a valid host name"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badRoutes")
    void refusesToStartWithARouteThatCannotWork(Class<?> type, String message) {
        runner.withBean("bad", type).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasMessageContaining("Gemini route dev.pollux.app.AppRouteValidationTests$" + message);
        });
    }

    @Test
    void findsRoutesOnAnyBeanInDeclarationOrder() {
        runner.withBean("good", TestRoutes.class).withPropertyValues("test.routes.prefix=/p").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(GeminiRouteRegistry.class).routes())
                    .extracting(route -> route.method().getName())
                    .startsWith("echo", "longNumber", "certificate", "response", "ask")
                    .endsWith("placeholder", "first", "second");
        });
    }

    static class BadPattern {
        @GeminiRoute("/broken/(")
        String route() {
            return "";
        }
    }

    static class UnknownGroup {
        @GeminiRoute("/notes/(?<id>\\d+)")
        String route(@Group("name") String name) {
            return name;
        }
    }

    static class GroupOfWrongType {
        @GeminiRoute("/notes/(?<id>\\d+)")
        String route(@Group double id) {
            return "";
        }
    }

    static class InputOfWrongType {
        @GeminiRoute("/search")
        String route(@Input int input) {
            return "";
        }
    }

    static class UnknownParameter {
        @GeminiRoute("/search")
        String route(Object thing) {
            return "";
        }
    }

    static class VoidResult {
        @GeminiRoute("/search")
        void route() {
        }
    }

    static class FluxOfNumbers {
        @GeminiRoute("/numbers")
        Flux<Integer> route() {
            return Flux.just(1);
        }
    }

    static class BadHost {
        @GeminiRoute(value = "/x", host = "not a host")
        Mono<GeminiResponse> route() {
            return Mono.empty();
        }
    }
}
