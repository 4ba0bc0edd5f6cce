package dev.pollux.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.pollux.config.AccessLogProperties.ClientAddressLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line per request, rejected ones and timeouts included, to the logger {@code pollux.access}
 * so operators can route it on its own. Every field is also attached as a key-value pair, so structured
 * (JSON) logging turns them into fields of their own.
 * <p>
 * The lines are written by a thread of their own: a request never waits for the console or a log file,
 * and escaping and formatting happen off the event loop. The queue is bounded; when the writer cannot
 * keep up, lines are dropped rather than memory grown, and counted ({@link #dropped()}). On shutdown
 * every queued line is written before the writer stops.
 */
public final class AccessLog implements RequestListener, AutoCloseable {

    static final int QUEUE_CAPACITY = 16_384;
    private static final int MAX_LOGGED_CHARS = 1100;
    private static final Logger log = LoggerFactory.getLogger("pollux.access");

    private final BlockingQueue<CompletedRequest> queue;
    private final Consumer<CompletedRequest> output;
    private final AtomicLong dropped = new AtomicLong();
    private final ClientAddressLogging clientAddresses;
    private final Thread writer;
    private volatile boolean closing;

    public AccessLog(ClientAddressLogging clientAddresses) {
        this(QUEUE_CAPACITY, clientAddresses, null);
    }

    /** @param output writes one line; called on the log's own thread */
    AccessLog(int capacity, Consumer<CompletedRequest> output) {
        this(capacity, ClientAddressLogging.FULL, output);
    }

    private AccessLog(int capacity, ClientAddressLogging clientAddresses, Consumer<CompletedRequest> output) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.clientAddresses = clientAddresses;
        this.output = output != null ? output : this::write;
        this.writer = new Thread(this::writeUntilClosed, "pollux-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void requestCompleted(CompletedRequest request) {
        if (closing || !log.isInfoEnabled()) {
            return;
        }
        if (!queue.offer(request)) {
            dropped.incrementAndGet();
        }
    }

    /** Lines dropped because the writer could not keep up. */
    public long dropped() {
        return dropped.get();
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        writer.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void writeUntilClosed() {
        List<CompletedRequest> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                CompletedRequest first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch);
            batch.forEach(output);
            batch.clear();
        }
    }

    /** Formats and writes one line; package-private so tests can see the line as the log would. */
    void write(CompletedRequest request) {
        String client = LoggedClientAddress.of(request.client(), clientAddresses);
        String line = escape(request.request());
        String meta = escape(request.meta());
        long millis = request.duration().toMillis();
        String cut = request.cut() == null ? null : request.cut().tag();
        log.atInfo()
                .addKeyValue("client", client)
                .addKeyValue("capsule", request.capsule())
                .addKeyValue("request", line)
                .addKeyValue("status", request.status())
                .addKeyValue("meta", meta)
                .addKeyValue("bytes", request.bytesSent())
                .addKeyValue("duration_ms", millis)
                .addKeyValue("certificate", request.certificate())
                .addKeyValue("handler", request.handlerTag())
                .addKeyValue("cut", cut)
                .log("{} {} {} \"{}\" {} \"{}\" {} {}ms {} {}{}", request.started(), client, request.capsule(), line,
                        request.status(), meta, request.bytesSent(), millis, request.certificate(), request.handlerTag(),
                        cut == null ? "" : " cut:" + cut);
    }

    /** Makes the text unable to forge a log line: quotes, backslashes and control characters are escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LOGGED_CHARS) + 8);
        for (int i = 0; i < text.length() && i < MAX_LOGGED_CHARS; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                out.append(String.format("\\x%02x", (int) c));
            } else if (Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX_LOGGED_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
