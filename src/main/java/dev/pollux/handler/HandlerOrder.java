package dev.pollux.handler;

import org.springframework.core.Ordered;

/**
 * Where each handler sits in the chain (lower runs first), in one place so the request flow reads
 * top to bottom: limits before identity checks, identity checks before anything opens a file or
 * starts a process, application routes before CGI before static files.
 */
public final class HandlerOrder {

    public static final int RATE_LIMIT = 100;
    public static final int CLIENT_CERTIFICATE_RULES = 200;
    public static final int CAPSULE_RULES = 300;
    public static final int APPLICATION_ROUTES = 400;
    public static final int CGI = 500;
    public static final int STATIC_FILES = Ordered.LOWEST_PRECEDENCE;

    private HandlerOrder() {
    }
}
