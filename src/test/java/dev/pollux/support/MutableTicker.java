package dev.pollux.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;

/** Monotonic time that tests move by hand, for caches with a freshness bound. */
public final class MutableTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1);

    @Override
    public long read() {
        return nanos.get();
    }

    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
