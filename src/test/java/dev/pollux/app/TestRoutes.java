package dev.pollux.app;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pollux.capsule.Capsule;
import dev.pollux.handler.ClientConnection;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Status;
import dev.pollux.tls.ClientCertificate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A test-only application using every parameter and return type a route may have, and failing in every way. */
public class TestRoutes {

    @GeminiRoute("/app/echo/(?<word>[^/]+)/(?<n>\\d+)")
    String echo(@Group String word, @Group("n") int number, @Input String input, GeminiRequest request,
                GeminiExchange exchange, Capsule capsule, ClientConnection connection) {
        return "# Echo\nword=" + word + "\nn=" + number + "\ninput=" + input + "\npath=" + request.path()
                + "\ncapsule=" + capsule.hostname() + "\nexchange=" + (exchange.capsule() == capsule)
                + "\nclient=" + connection.remoteAddress().getAddress().getHostAddress()
                + "\nthread=" + Thread.currentThread().getName() + "\n";
    }

    @GeminiRoute("/app/long/(?<n>\\d+)")
    String longNumber(@Group long n) {
        return "n=" + n + "\n";
    }

    @GeminiRoute("/app/cert")
    String certificate(ClientCertificate certificate, Optional<ClientCertificate> optional) {
        if (certificate == null) {
            return "none " + optional.isPresent() + "\n";
        }
        return certificate.commonName() + " " + optional.get().fingerprint() + "\n";
    }

    @GeminiRoute("/app/response")
    GeminiResponse response() {
        return GeminiResponses.success("text/plain", "plain\n");
    }

    @GeminiRoute("/app/ask")
    GeminiResponse ask(@Input String answer) {
        return answer == null ? GeminiResponses.input("Your name?") : GeminiResponses.gemtext("Hello, " + answer + "\n");
    }

    @GeminiRoute("/app/password")
    GeminiResponse password() {
        return GeminiResponses.sensitiveInput("Password");
    }

    @GeminiRoute("/app/members")
    GeminiResponse members() {
        return GeminiResponses.certificateRequired();
    }

    @GeminiRoute("/app/moved")
    GeminiResponse moved() {
        return GeminiResponses.permanentRedirect("gemini://localhost/new place/é");
    }

    @GeminiRoute("/app/missing")
    GeminiResponse missing() {
        return GeminiResponses.notFound();
    }

    @GeminiRoute("/app/mono")
    Mono<String> mono() {
        return Mono.fromSupplier(() -> "# From a Mono\n");
    }

    @GeminiRoute("/app/mono-response")
    Mono<GeminiResponse> monoResponse() {
        return Mono.just(GeminiResponses.redirect("gemini://localhost/a b"));
    }

    @GeminiRoute("/app/mono-empty/(?<x>.*)")
    Mono<String> monoEmpty() {
        return Mono.empty();
    }

    @GeminiRoute("/app/lines")
    Flux<String> lines() {
        return Flux.range(1, 3).map(i -> "line " + i);
    }

    /** What the server asked of the last {@code /app/demand} stream, request by request. */
    final List<Long> demand = new CopyOnWriteArrayList<>();

    @GeminiRoute("/app/demand")
    Flux<String> demand() {
        demand.clear();
        return Flux.range(1, 5000).map(i -> "line " + i).doOnRequest(demand::add);
    }

    @GeminiRoute("/app/boom")
    String boom() {
        throw new IllegalStateException("secret detail");
    }

    @GeminiRoute("/app/mono-boom")
    Mono<String> monoBoom() {
        return Mono.error(new IllegalArgumentException("secret detail"));
    }

    @GeminiRoute("/app/reactive-boom")
    Mono<String> reactiveBoom() {
        throw new IllegalStateException("secret detail");
    }

    @GeminiRoute("/app/gone")
    String gone() {
        throw new GeminiException(Status.GONE, "Gone away");
    }

    @GeminiRoute("/app/shadowed.txt|/cgi-bin/claimed")
    String shadowed() {
        return "from the route\n";
    }

    @GeminiRoute("/app/maybe/(?<x>.*)")
    String maybe(@Group String x) {
        return x.equals("yes") ? "yes\n" : null;
    }

    @GeminiRoute(value = "/app/strict/", strictSlashes = true)
    String strict() {
        return "strict\n";
    }

    @GeminiRoute("/app/loose")
    String loose() {
        return "loose\n";
    }

    @GeminiRoute(value = "/app/hosted", host = "OTHER.example")
    String hosted() {
        return "other\n";
    }

    @GeminiRoute(value = "/app/default", host = GeminiRoute.DEFAULT_CAPSULE)
    String onTheDefaultCapsule(Capsule capsule) {
        return capsule.hostname() + "\n";
    }

    @GeminiRoute("${test.routes.prefix}/placeholder")
    String placeholder() {
        return "placeholder\n";
    }

    @GeminiRoute("/app/order/.*")
    String first() {
        return "first\n";
    }

    @GeminiRoute("/app/order/x")
    String second() {
        return "second\n";
    }
}
