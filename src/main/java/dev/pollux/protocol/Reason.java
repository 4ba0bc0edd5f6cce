package dev.pollux.protocol;

/**
 * Why a request was refused, as a typed fact for metrics and logs: a meta is text for people and
 * may be reworded, a reason's tag may not. Each tag is a metric label value.
 */
public enum Reason {
    /** Framing and parsing ({@code 59}, {@code 53}). */
    EMPTY("empty"),
    TOO_LONG("too_long"),
    NO_CRLF("no_crlf"),
    BYTE_ORDER_MARK("byte_order_mark"),
    INVALID_UTF8("invalid_utf8"),
    MALFORMED("malformed"),
    PATH_ABOVE_ROOT("path_above_root"),
    NOT_GEMINI("not_gemini"),
    /** Routing ({@code 53}). */
    UNKNOWN_HOST("unknown_host"),
    WRONG_PORT("wrong_port"),
    SNI_MISMATCH("sni_mismatch"),
    /** Policies. */
    RATE_LIMITED("rate_limited"),
    CERTIFICATE_REQUIRED("certificate_required"),
    CERTIFICATE_NOT_AUTHORISED("certificate_not_authorised"),
    CERTIFICATE_NOT_VALID("certificate_not_valid"),
    HIDDEN("hidden"),
    GONE("gone"),
    NOT_FOUND("not_found"),
    /** Scripts. */
    CGI_BUSY("cgi_busy"),
    CGI_TIMEOUT("cgi_timeout"),
    CGI_FAILED("cgi_failed"),
    /** The reverse proxy's backend ({@code 43}). */
    BACKEND_UNREACHABLE("backend_unreachable"),
    BACKEND_CONNECT_TIMEOUT("backend_connect_timeout"),
    BACKEND_TLS_FAILED("backend_tls_failed"),
    BACKEND_HEADER_TIMEOUT("backend_header_timeout"),
    BACKEND_INVALID_HEADER("backend_invalid_header"),
    BACKEND_CLOSED("backend_closed"),
    /** Applications behind a gateway: past the connection limit ({@code 41}); cannot connect, no header in time, a header
     *  that is not one, or the output broke or ended before its header ({@code 42}). */
    FASTCGI_BUSY("fastcgi_busy"),
    FASTCGI_UNAVAILABLE("fastcgi_unavailable"),
    FASTCGI_TIMEOUT("fastcgi_timeout"),
    FASTCGI_INVALID_HEADER("fastcgi_invalid_header"),
    FASTCGI_FAILED("fastcgi_failed"),
    SCGI_BUSY("scgi_busy"),
    SCGI_UNAVAILABLE("scgi_unavailable"),
    SCGI_TIMEOUT("scgi_timeout"),
    SCGI_INVALID_HEADER("scgi_invalid_header"),
    SCGI_FAILED("scgi_failed"),
    /** A failure of the server itself ({@code 40}). */
    INTERNAL_ERROR("internal_error");

    private final String tag;

    Reason(String tag) {
        this.tag = tag;
    }

    /** The label value in metrics and structured logs; stable across releases. */
    public String tag() {
        return tag;
    }
}
