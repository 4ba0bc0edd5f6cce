package dev.pollux.proxy;

import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.handler.UploadBody;
import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Mono;

/**
 * Relays requests under a capsule's mounts ({@link ProxyPolicy}) to their backends, after rate limits,
 * client-certificate rules and capsule rules have passed them, and before the capsule's own routes, scripts and
 * files: a mounted prefix belongs to its backend whole. Requests no mount matches go on down the chain. Titan uploads
 * are not relayed: under a mount they are answered {@code 53}, their body unread.
 */
public final class ProxyHandler implements GeminiHandler {

    @Override
    public Stage stage() {
        return Stage.PROXY;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        return exchange.capsule().policy(ProxyPolicy.POLICY).find(exchange.request().path())
                .map(mount -> exchange.request().isTitan()
                        ? Mono.just(UploadBody.notRelayed())
                        : mount.relay(exchange.request()))
                .orElseGet(() -> chain.next(exchange));
    }
}
