package dev.pollux.support;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The settings every server test starts with: loopback only, free ports, generated certificates under {@code base}. */
public final class LoopbackServer {

    private LoopbackServer() {
    }

    public static void register(DynamicPropertyRegistry registry, Path base) {
        registry.add("pollux.server.address", () -> "127.0.0.1");
        registry.add("pollux.server.port", () -> "0");
        registry.add("management.server.port", () -> "0");
        registry.add("pollux.tls.certificate-directory", () -> base.resolve("certs").toString());
    }
}
