package dev.pollux.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.pollux.server.CompletedRequest;
import dev.pollux.server.RequestListener;

import static org.assertj.core.api.Assertions.assertThat;

/** A request listener for tests (declare it as a bean): what the access log and the metrics hear of each request. */
public final class RecordedRequests implements RequestListener {

    private final BlockingQueue<CompletedRequest> completed = new LinkedBlockingQueue<>();

    @Override
    public void requestCompleted(CompletedRequest request) {
        completed.add(request);
    }

    public void clear() {
        completed.clear();
    }

    /** The next request, whatever it was, waiting at most {@code deadline}. */
    public CompletedRequest next(Duration deadline) throws InterruptedException {
        return next("", deadline);
    }

    /** The requests recorded and not yet taken by {@code next}. */
    public List<CompletedRequest> pending() {
        return List.copyOf(completed);
    }

    /** The next request whose request line ends with {@code suffix}, waiting at most {@code deadline}; earlier others are skipped. */
    public CompletedRequest next(String suffix, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            CompletedRequest request = completed.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(request).as("a completed request for " + suffix).isNotNull();
            if (request.request().endsWith(suffix)) {
                return request;
            }
        }
    }
}
