package dev.pollux.handler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The body of a Titan upload: the bytes its client sends after the request line, exactly {@code size} of them, read
 * from the connection only as they are asked for. Until something asks, they wait in the client's socket, so a request
 * refused before its body is read (too large, not authorised) costs nothing but its line, and a body being read holds a
 * buffer or two of memory whatever its size. Whatever the client sends after those bytes is dropped unread.
 */
public interface UploadBody {

    /**
     * The answer of a handler that relays requests to another server without their bodies (the reverse proxy, FastCGI
     * and SCGI mounts): {@code 53}, the body unread, rather than a request relayed as if it had none.
     */
    static GeminiResponse notRelayed() {
        return GeminiResponse.refused(Status.PROXY_REQUEST_REFUSED, "Uploads are not relayed", Reason.TITAN_NOT_SERVED);
    }

    /** The size the request announced: exactly what {@link #content()} delivers. */
    long size();

    /**
     * The body in buffers, each read when asked for; it completes once {@link #size()} bytes have been delivered. It fails
     * with {@link IncompleteUpload} ({@code 59}) when the client closes the connection first, or sends nothing for the
     * request timeout while a buffer is asked for. One subscriber, once.
     */
    Flux<ByteBuffer> content();

    /** Writes the whole body to {@code channel}, one buffer at a time, each write (blocking) on {@code scheduler}. */
    default Mono<Void> writeTo(WritableByteChannel channel, Scheduler scheduler) {
        return content().publishOn(scheduler, 1)
                .doOnNext(buffer -> {
                    try {
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .then();
    }
}
