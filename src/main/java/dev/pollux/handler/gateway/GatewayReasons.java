package dev.pollux.handler.gateway;

import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;

/**
 * One protocol's refusals. The metas are CGI's where the application did what a script can do (so a script
 * answers its clients alike through CGI and through a gateway), and say "unavailable" where only a gateway can
 * fail: nothing listens at the address.
 *
 * @param protocol the name in logs, such as {@code FastCGI}
 */
public record GatewayReasons(String protocol, Reason busy, Reason unavailable, Reason timeout, Reason invalidHeader, Reason failed) {

    static final String BUSY_META = "Too many requests to the application, try again later";
    static final String UNAVAILABLE_META = "Application unavailable";
    static final String TIMEOUT_META = "Script timed out";
    static final String INVALID_HEADER_META = "Script returned an invalid header";
    static final String FAILED_META = "Script failed";

    GeminiResponse busyResponse() {
        return GeminiResponse.refused(Status.SERVER_UNAVAILABLE, BUSY_META, busy);
    }

    GeminiResponse unavailableResponse() {
        return GeminiResponse.refused(Status.CGI_ERROR, UNAVAILABLE_META, unavailable);
    }

    GeminiResponse timeoutResponse() {
        return GeminiResponse.refused(Status.CGI_ERROR, TIMEOUT_META, timeout);
    }

    GeminiResponse invalidHeaderResponse() {
        return GeminiResponse.refused(Status.CGI_ERROR, INVALID_HEADER_META, invalidHeader);
    }

    GeminiResponse failedResponse() {
        return GeminiResponse.refused(Status.CGI_ERROR, FAILED_META, failed);
    }
}
