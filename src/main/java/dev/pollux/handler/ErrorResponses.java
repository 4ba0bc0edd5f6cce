package dev.pollux.handler;

import dev.pollux.protocol.GeminiException;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become statuses. Clients never see exception text. */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    public static GeminiResponse toResponse(Throwable failure) {
        if (failure instanceof GeminiException gemini) {
            return gemini.toResponse();
        }
        log.warn("Request failed", failure);
        return GeminiResponse.of(Status.TEMPORARY_FAILURE, "Internal server error");
    }
}
