package dev.pollux.titan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.ContentLocation;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.IncompleteUpload;
import dev.pollux.handler.ScheduledResource;
import dev.pollux.handler.Stage;
import dev.pollux.handler.UploadBody;
import dev.pollux.handler.cgi.CgiSettings;
import dev.pollux.handler.file.StaticFileHandler;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.PercentEncoding;
import dev.pollux.protocol.Reason;
import dev.pollux.protocol.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Writes the files Titan uploads name: every upload no application route or CGI script took, so static files never see
 * one. The target is checked ({@link UploadTargets}) before any byte of the body is read; the body is then streamed to a
 * temporary file beside it and renamed over it only once complete ({@link StagedFile}), so a short body, a stalled
 * client or a failed write leaves nothing behind. Nothing is written outside the capsule's root: not in a user directory
 * ({@code /~user/}), whose files are its user's. An upload of size 0 deletes the file, where the capsule allows it.
 * Success answers {@code 30} with the {@code gemini://} URL of what was written (for a delete, of its directory), so the
 * client shows the result. A write the file system refuses (full, read-only) answers {@code 40}, the old file intact. All
 * file-system work runs on the bounded file scheduler.
 */
final class TitanFileHandler implements GeminiHandler {

    private static final Logger log = LoggerFactory.getLogger(TitanFileHandler.class);

    private final UploadTargets targets;
    private final StaticFileHandler staticFiles;
    private final Scheduler files;

    /** @param staticFiles told of every change, so the small-file cache never serves what an upload replaced */
    TitanFileHandler(UploadTargets targets, StaticFileHandler staticFiles, Scheduler files) {
        this.targets = targets;
        this.staticFiles = staticFiles;
        this.files = files;
    }

    @Override
    public Stage stage() {
        return Stage.UPLOADS;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        GeminiRequest request = exchange.request();
        if (!request.isTitan()) {
            return chain.next(exchange);
        }
        Capsule capsule = exchange.capsule();
        boolean delete = request.titan().size() == 0;
        if (delete && !capsule.policy(TitanPolicy.POLICY).allowDelete()) {
            return Mono.just(GeminiResponse.refused(Status.PERMANENT_FAILURE, "Deleting is not allowed here", Reason.TITAN_DELETE_REFUSED));
        }
        Optional<ContentLocation> location = capsule.locate(request.path().segments());
        if (location.isEmpty()) {
            return Mono.just(GeminiResponse.refused(Status.PERMANENT_FAILURE, "No such directory", Reason.TITAN_PATH_REFUSED));
        }
        if (!location.get().root().equals(capsule.root())) {
            // a /~user/ directory is its user's, outside the capsule root: the capsule's uploaders never write there
            return Mono.just(GeminiResponse.refused(Status.PERMANENT_FAILURE, "Cannot write into user directories", Reason.TITAN_PATH_REFUSED));
        }
        List<String> cgiDirectory = capsule.policy(CgiSettings.POLICY).directory();
        return Mono.fromCallable(() -> targets.resolve(capsule, location.get(), cgiDirectory, request.path().trailingSlash(), delete))
                .subscribeOn(files)
                .flatMap(target -> {
                    if (target instanceof UploadTargets.Replace replace) {
                        return write(replace.file(), exchange.upload())
                                .then(Mono.fromSupplier(() -> changed(location.get(), request, request.path().segments())));
                    }
                    if (target instanceof UploadTargets.Delete remove) {
                        return Mono.fromCallable(() -> {
                                    StagedFile.delete(remove.file());
                                    return changed(location.get(), request, request.path().segments().subList(0, request.path().segments().size() - 1));
                                })
                                .subscribeOn(files);
                    }
                    return Mono.just(((UploadTargets.Refused) target).response());
                })
                // answered here, so the access log and metrics count it as this stage's
                .onErrorResume(IncompleteUpload.class, incomplete -> Mono.just(incomplete.toResponse()))
                .onErrorResume(TitanFileHandler::isIoFailure, failure -> Mono.just(writeFailed(request, failure)));
    }

    /** A file system that is full, read-only or gone: the staged file is already removed, the old file untouched. */
    private static boolean isIoFailure(Throwable failure) {
        return failure instanceof IOException || failure instanceof UncheckedIOException;
    }

    private static GeminiResponse writeFailed(GeminiRequest request, Throwable failure) {
        Throwable cause = failure instanceof UncheckedIOException unchecked ? unchecked.getCause() : failure;
        // one line, no stack: the cause (ENOSPC, EROFS, EACCES) is what an operator acts on
        log.warn("Upload to {} of {} not written: {}", request.path().value(), request.host(), cause.toString());
        return GeminiResponse.refused(Status.TEMPORARY_FAILURE, "Could not write the file", Reason.TITAN_WRITE_FAILED);
    }

    /** The body into a staged file, committed once whole; the staged file is removed however else it ends, off the event loop. */
    private Mono<Void> write(Path file, UploadBody body) {
        return Mono.usingWhen(
                ScheduledResource.create(files, () -> StagedFile.beside(file), StagedFile::discard),
                staged -> body.writeTo(staged.channel(), files).then(Mono.fromCallable(() -> {
                    staged.commit();
                    return true;
                }).subscribeOn(files)).then(),
                staged -> discard(staged),
                (staged, failure) -> discard(staged),
                staged -> discard(staged));
    }

    private Mono<Void> discard(StagedFile staged) {
        return Mono.<Void>fromRunnable(staged::discard).subscribeOn(files);
    }

    /** Forgets cached answers for the changed file, and answers with the URL to read the result at. */
    private GeminiResponse changed(ContentLocation location, GeminiRequest request, List<String> shown) {
        staticFiles.contentChanged(location.root(), location.segments());
        StringBuilder url = new StringBuilder(request.origin());
        for (String segment : shown) {
            url.append('/').append(PercentEncoding.encodeSegment(segment));
        }
        if (shown.size() < request.path().segments().size()) {
            url.append('/');
        }
        return GeminiResponse.redirect(url.toString(), false);
    }
}
