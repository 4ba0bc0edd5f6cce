package dev.pollux.handler.cgi;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * How many scripts may run at once: server-wide, and per capsule. A request past either bound is
 * refused at once (the handler answers {@code 41}) rather than queued, so slow scripts cannot pile
 * up connections, threads and processes.
 */
public final class CgiLimiter {

    private final int serverMax;
    private final Semaphore server;
    private final ConcurrentHashMap<String, Semaphore> capsules = new ConcurrentHashMap<>();

    public CgiLimiter(int serverMax) {
        this.serverMax = serverMax;
        this.server = new Semaphore(serverMax);
    }

    /** Scripts running now, all capsules together. */
    public int running() {
        return serverMax - server.availablePermits();
    }

    /** A permit for one script of this capsule, or null when a bound is reached. Release it exactly once. */
    public Runnable tryAcquire(String capsule, int capsuleMax) {
        Semaphore own = capsules.computeIfAbsent(capsule, name -> new Semaphore(capsuleMax));
        if (!own.tryAcquire()) {
            return null;
        }
        if (!server.tryAcquire()) {
            own.release();
            return null;
        }
        return () -> {
            server.release();
            own.release();
        };
    }
}
