package dev.pollux.handler;

import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failure that escaped a handler or the router into a response: a {@link GeminiException}
 * answers with its own status, anything else is logged and answers {@code 40}. Clients never see exception text.
 */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static GeminiResponse toResponse(Throwable failure) {
        if (failure instanceof GeminiException gemini) {
            return gemini.toResponse();
        }
        log.warn("Request failed", failure);
        return GeminiResponse.refused(Status.TEMPORARY_FAILURE, "Internal server error", Reason.INTERNAL_ERROR);
    }
}
