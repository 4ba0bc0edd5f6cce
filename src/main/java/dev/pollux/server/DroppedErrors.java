package dev.pollux.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

/**
 * Errors Reactor drops because nobody listens any more: a body or an upload that fails after its client hung up (a
 * worker already disposed, a stream already closed). Reactor logs each at ERROR by default, so a client could fill
 * the log at will by hanging up; the response they belonged to has already ended, so DEBUG is enough.
 */
final class DroppedErrors {

    private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);

    private DroppedErrors() {
    }

    static void logAtDebug() {
        Hooks.onErrorDropped(error -> log.debug("Error after its subscriber was gone", error));
    }
}
