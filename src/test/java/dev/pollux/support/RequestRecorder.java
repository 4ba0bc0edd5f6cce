package dev.pollux.support;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.pollux.server.CompletedRequest;
import dev.pollux.server.RequestListener;

/** Every request the server completes, as the access log and metrics hear of them: a test's bean, to wait for one. */
public final class RequestRecorder implements RequestListener {

    private final List<CompletedRequest> completed = new CopyOnWriteArrayList<>();

    @Override
    public void requestCompleted(CompletedRequest request) {
        completed.add(request);
    }

    /** The last completed request whose line (as logged) is {@code requestLine}. */
    public Optional<CompletedRequest> completed(String requestLine) {
        return completed.stream().filter(request -> request.request().equals(requestLine)).reduce((first, second) -> second);
    }

    public List<CompletedRequest> all() {
        return List.copyOf(completed);
    }
}
