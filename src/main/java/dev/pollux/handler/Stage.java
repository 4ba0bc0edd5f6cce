package dev.pollux.handler;

/**
 * Where a request was answered. The handler stages run in the order declared here, so the request flow
 * reads top to bottom: limits before identity checks, identity checks before anything opens a file, starts a
 * process or reaches another server, the reverse proxy's mounts before the capsule's own content (a mounted prefix
 * belongs to its backend whole), application routes before FastCGI and SCGI mounts before CGI before static files. Each stage's tag is the
 * {@code handler} label of the request metrics and the access log: renaming a class never changes it.
 */
public enum Stage {
    /** Before any handler: framing, parsing, routing, the server-wide rate limit. */
    ROUTER("router"),
    RATE_LIMIT("rate-limit"),
    CLIENT_CERTIFICATE_RULES("client-certificate-rules"),
    CAPSULE_RULES("capsule-rules"),
    PROXY("proxy"),
    APPLICATION_ROUTES("application-route"),
    /**
     * FastCGI and SCGI applications behind path prefixes: before CGI, because a mount is a prefix the operator wrote
     * down for exactly those paths, while CGI claims a whole directory by what files it finds there (and answers
     * {@code 51} for the rest), so a mount inside the CGI directory still reaches its application.
     */
    FASTCGI("fastcgi"),
    SCGI("scgi"),
    CGI("cgi"),
    STATIC_FILES("static-file"),
    /** Every handler passed the request on: {@code 51}. */
    END_OF_CHAIN("none");

    private final String tag;

    Stage(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
