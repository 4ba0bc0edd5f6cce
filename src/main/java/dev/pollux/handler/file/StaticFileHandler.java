package dev.pollux.handler.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.ContentLocation;
import dev.pollux.handler.GeminiExchange;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.Stage;
import dev.pollux.handler.WithheldFiles;
import dev.pollux.protocol.GeminiRequest;
import dev.pollux.protocol.GeminiResponse;
import dev.pollux.protocol.PercentEncoding;
import dev.pollux.protocol.RequestPath;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Serves the capsule's files, found by the canonical path: index files, generated listings, and a redirect
 * that adds the missing slash to a directory. The last handler in the chain. All file-system work runs on
 * the given bounded scheduler. A file is opened before {@code 20} is sent, so one that cannot be read is a
 * {@code 51}. Small files are read whole then (one hop, one write) and kept in the {@link SmallFileCache} for at
 * most a second, during which they are answered with no hop at all; larger ones are opened again when their body
 * streams, one chunk per unit of demand.
 */
public final class StaticFileHandler implements GeminiHandler {

    static final int SMALL_FILE_BYTES = 128 * 1024;
    private static final int STREAM_BUFFER_BYTES = 32 * 1024;

    private final ContainedPathResolver resolver;
    private final DirectoryListing listing;
    private final MimeTypes mimeTypes;
    private final SmallFileCache cache;
    private final Scheduler fileScheduler;
    private final WithheldFiles withheld;

    StaticFileHandler(ContainedPathResolver resolver, DirectoryListing listing, MimeTypes mimeTypes, SmallFileCache cache,
                      Scheduler fileScheduler, WithheldFiles withheld) {
        this.resolver = resolver;
        this.listing = listing;
        this.mimeTypes = mimeTypes;
        this.cache = cache;
        this.fileScheduler = fileScheduler;
        this.withheld = withheld;
    }

    /**
     * A file was written or removed (a Titan upload): the small-file cache forgets what it held for it, so the change is
     * served from the next request on, not up to the cache's freshness later.
     *
     * @param root     the directory the file's path is below (a capsule root, a subdomain's or a user's directory)
     * @param segments the file's path below it
     */
    public void contentChanged(Path root, List<String> segments) {
        cache.forget(root, segments);
    }

    /** Bytes of file content the cache holds now. */
    long cachedBytes() {
        return cache.weightedSize();
    }

    @Override
    public Stage stage() {
        return Stage.STATIC_FILES;
    }

    @Override
    public Mono<GeminiResponse> handle(GeminiExchange exchange, HandlerChain chain) {
        Capsule capsule = exchange.capsule();
        GeminiRequest request = exchange.request();
        Optional<ContentLocation> location = capsule.locate(request.path().segments());
        if (location.isEmpty()) {
            return chain.next(exchange);
        }
        SmallFileCache.Key key = new SmallFileCache.Key(capsule.hostname(), location.get().root(), location.get().segments(),
                request.path().trailingSlash());
        Optional<GeminiResponse> cached = cache.get(key);
        if (cached.isPresent()) {
            return Mono.just(cached.get());
        }
        return Mono.fromCallable(() -> serve(capsule, request, location.get(), key))
                .subscribeOn(fileScheduler)
                .flatMap(response -> response.map(Mono::just).orElseGet(() -> chain.next(exchange)));
    }

    private Optional<GeminiResponse> serve(Capsule capsule, GeminiRequest request, ContentLocation location, SmallFileCache.Key key)
            throws IOException {
        try {
            return lookUp(capsule, request, location, key);
        } catch (FileSystemException e) {
            // removed or made unreadable between the checks: as if it never existed
            return Optional.empty();
        }
    }

    private Optional<GeminiResponse> lookUp(Capsule capsule, GeminiRequest request, ContentLocation location, SmallFileCache.Key key)
            throws IOException {
        Optional<Path> target = resolver.resolve(location.root(), capsule.serveDotfiles(), location.segments());
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Path path = target.get();
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (withheld.withholds(capsule, path)) {
            return Optional.empty();
        }
        if (attributes.isDirectory()) {
            return Optional.of(directory(capsule, location.root(), request, path, key));
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        return file(capsule, path, attributes.size(), key);
    }

    private GeminiResponse directory(Capsule capsule, Path root, GeminiRequest request, Path directory, SmallFileCache.Key key)
            throws IOException {
        RequestPath path = request.path();
        if (!path.trailingSlash()) {
            String query = request.rawQuery() == null ? "" : "?" + request.rawQuery();
            return GeminiResponse.redirect(request.origin() + encodedPath(path) + "/" + query, true);
        }
        Optional<Path> index = resolver.realPathInside(root, capsule.serveDotfiles(), directory.resolve(capsule.indexFile()));
        if (index.isPresent() && Files.isRegularFile(index.get()) && !withheld.withholds(capsule, index.get())) {
            Optional<GeminiResponse> indexResponse = file(capsule, index.get(), Files.size(index.get()), key);
            if (indexResponse.isPresent()) {
                return indexResponse.get();
            }
        }
        if (!capsule.directoryListing()) {
            return GeminiResponse.notFound();
        }
        byte[] page = listing.render(root, capsule.serveDotfiles(), directory, path.segments()).getBytes(StandardCharsets.UTF_8);
        return GeminiResponse.success(MimeTypes.withParameters(MimeTypes.GEMINI, capsule), Flux.just(ByteBuffer.wrap(page)));
    }

    /** Opens the file now, so an unreadable file is a 51 and never a 20 with no body. A small file is read whole and cached. */
    private Optional<GeminiResponse> file(Capsule capsule, Path path, long size, SmallFileCache.Key key) throws IOException {
        String meta = mimeTypes.metaFor(path.getFileName().toString(), capsule);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (size <= SMALL_FILE_BYTES) {
                byte[] content = readWhole(channel, size);
                cache.put(key, meta, content);
                return Optional.of(GeminiResponse.success(meta, Flux.just(ByteBuffer.wrap(content))));
            }
        }
        return Optional.of(GeminiResponse.success(meta, stream(path, size)));
    }

    /** The file's bytes: as many as there are, if it changed since its size was read. */
    private static byte[] readWhole(FileChannel channel, long size) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
            // keep reading: a file may be delivered in several reads
        }
        return bytes.position() == bytes.capacity() ? bytes.array() : Arrays.copyOf(bytes.array(), bytes.position());
    }

    /**
     * The file in chunks, each read on the file scheduler when the writer asks for it; closed however the body ends.
     * A file that ends short of the size it had when it was looked up (truncated while being sent) fails the body,
     * so the client sees a cut response rather than a complete-looking short one.
     */
    private Flux<ByteBuffer> stream(Path path, long size) {
        return Flux.using(() -> FileChannel.open(path, StandardOpenOption.READ),
                        channel -> Flux.<ByteBuffer>generate(sink -> {
                            ByteBuffer chunk = ByteBuffer.allocate(STREAM_BUFFER_BYTES);
                            try {
                                if (channel.read(chunk) >= 0) {
                                    sink.next(chunk.flip());
                                } else if (channel.position() < size) {
                                    sink.error(new IOException(path + " shrank while being sent"));
                                } else {
                                    sink.complete();
                                }
                            } catch (IOException e) {
                                sink.error(new UncheckedIOException(e));
                            }
                        }),
                        StaticFileHandler::closeQuietly)
                .subscribeOn(fileScheduler);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    private static String encodedPath(RequestPath path) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.segments()) {
            encoded.append('/').append(PercentEncoding.encodeSegment(segment));
        }
        return encoded.toString();
    }
}
