package dev.pollux.handler.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.handler.cgi.CgiEnvironment;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.RequestPath;
import reactor.core.publisher.Mono;

/**
 * Answers the requests of a capsule's mounts of one protocol: {@code SCRIPT_NAME} is the mount's prefix,
 * {@code PATH_INFO} what the client sent after it, and every other variable is what a CGI script gets
 * (configured extras first, the request's own variables winning). Other requests go on down the chain.
 */
public final class GatewayHandler implements GeminiHandler {

    private final Stage stage;
    private final GatewayMount.Kind kind;
    private final GatewayClient client;
    private final CgiEnvironment environment;

    public GatewayHandler(Stage stage, GatewayMount.Kind kind, GatewayClient client, CgiEnvironment environment) {
        this.stage = stage;
        this.kind = kind;
        this.client = client;
        this.environment = environment;
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        RequestPath path = exchange.request().path();
        GatewayMount mount = exchange.capsule().policy(GatewayMounts.POLICY).match(path);
        if (mount == null || mount.kind() != kind) {
            return chain.next(exchange);
        }
        Map<String, String> variables = new LinkedHashMap<>(mount.environment());
        variables.putAll(environment.requestVariables(exchange, mount.scriptName(), path.decodedRawAfter(mount.segments().size())));
        return client.respond(mount, variables, exchange.capsule().hostname() + mount.scriptName());
    }
}
