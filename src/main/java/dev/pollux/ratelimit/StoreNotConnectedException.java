package dev.pollux.ratelimit;

/** The shared store has no connection yet: the first connection attempt is still running, or failed and waits for a retry. */
final class StoreNotConnectedException extends RuntimeException {

    StoreNotConnectedException() {
        super("not connected to the rate-limit store", null, false, false);
    }
}
