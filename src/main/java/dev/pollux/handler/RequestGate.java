package dev.pollux.handler;

import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Mono;

/**
 * Admission of each request line before it is parsed or routed, so that malformed requests ({@code 59})
 * count too: answers with a response to refuse the request, or completes empty to let it through.
 * Runs on a Netty event-loop thread and must not block.
 */
@FunctionalInterface
public interface RequestGate {

    /** Lets every request through. */
    RequestGate OPEN = client -> Mono.empty();

    Mono<GeminiResponse> admit(ClientConnection client);
}
