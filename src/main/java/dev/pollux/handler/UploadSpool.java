package dev.pollux.handler;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * An upload's whole body in a temporary file of the system's temporary directory ({@code java.io.tmpdir}, owner-only), for
 * those that take a body only once it is complete: a CGI script (its stdin) and an application route. So a script never
 * starts, nor a route runs, on half a body, and the body is held on disk (at most the capsule's {@code max-size}), never in
 * memory. Whoever spools a body deletes its file ({@link #delete}).
 */
public final class UploadSpool {

    private UploadSpool() {
    }

    /** The file holding the whole body; on failure (the client left or stalled) the file is already gone. */
    public static Mono<Path> spool(UploadBody body, Scheduler files) {
        return Mono.fromCallable(() -> Files.createTempFile("pollux-upload-", ".body"))
                .subscribeOn(files)
                .flatMap(file -> Mono.usingWhen(Mono.fromCallable(() -> FileChannel.open(file, StandardOpenOption.WRITE)).subscribeOn(files),
                                channel -> body.writeTo(channel, files),
                                channel -> close(channel, files))
                        .thenReturn(file)
                        .onErrorResume(failure -> delete(file, files).then(Mono.error(failure)))
                        .doOnCancel(() -> files.schedule(() -> deleteQuietly(file))));
    }

    /** Deletes a spooled body, on {@code files}. */
    public static Mono<Void> delete(Path file, Scheduler files) {
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
