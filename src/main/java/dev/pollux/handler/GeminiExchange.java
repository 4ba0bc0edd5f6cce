package dev.pollux.handler;

import dev.pollux.capsule.Capsule;
import dev.pollux.protocol.GeminiRequest;

/** A request that passed parsing and routing: what handlers work with. */
public record GeminiExchange(GeminiRequest request, Capsule capsule, ClientConnection connection) {
}
