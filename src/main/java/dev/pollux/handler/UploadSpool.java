package dev.pollux.handler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * An upload's whole body in a temporary file of the system's temporary directory ({@code java.io.tmpdir}, owner-only), for
 * those that take a body only once it is complete: a CGI script (its stdin) and an application route. So a script never
 * starts, nor a route runs, on half a body, and the body is held on disk (at most the capsule's {@code max-size}), never in
 * memory.
 */
public final class UploadSpool {

    private UploadSpool() {
    }

    /**
     * Receives the whole body into a temporary file, then answers with {@code use} of that file; the file is deleted once
     * {@code use}'s answer is there, or the body failed ({@link IncompleteUpload}: the client left or stalled), or the
     * request ended first, whichever comes. A CGI script's stdin, opened when it started, outlives the file's name.
     */
    public static <T> Mono<T> spooled(UploadBody body, Scheduler files, Function<Path, Mono<T>> use) {
        return Mono.usingWhen(
                ScheduledResource.create(files, () -> Files.createTempFile("pollux-upload-", ".body"), UploadSpool::deleteQuietly),
                file -> write(body, file, files).then(Mono.defer(() -> use.apply(file))),
                file -> delete(file, files),
                (file, failure) -> delete(file, files),
                file -> delete(file, files));
    }

    private static Mono<Void> write(UploadBody body, Path file, Scheduler files) {
        return Mono.usingWhen(Mono.fromCallable(() -> FileChannel.open(file, StandardOpenOption.WRITE)).subscribeOn(files),
                channel -> body.writeTo(channel, files),
                channel -> close(channel, files));
    }

    private static Mono<Void> delete(Path file, Scheduler files) {
        return Mono.<Void>fromRunnable(() -> deleteQuietly(file)).subscribeOn(files);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the temporary directory keeps it; nothing else to do
        }
    }

    /** Off the event loop, however the body ended. */
    private static Mono<Void> close(FileChannel channel, Scheduler files) {
        return Mono.<Void>fromRunnable(() -> {
            try {
                channel.close();
            } catch (IOException e) {
                // written through, or failed already
            }
        }).subscribeOn(files);
    }
}
