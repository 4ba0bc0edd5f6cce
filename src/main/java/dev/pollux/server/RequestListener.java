package dev.pollux.server;

/** Hears about every request when its connection ends (access log, metrics). Called on an event-loop thread: never block. */
@FunctionalInterface
public interface RequestListener {

    void requestCompleted(CompletedRequest request);
}
