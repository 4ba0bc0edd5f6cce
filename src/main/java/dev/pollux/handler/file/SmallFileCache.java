package dev.pollux.handler.file;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.pollux.protocol.GeminiResponse;
import reactor.core.publisher.Flux;

/**
 * The answers for small files, kept for at most the freshness bound (1s by default, never more): within it a
 * request for the same capsule, directory and path is answered from memory, on the event loop, with no
 * file-system work; once an entry is that old it is gone, and the next request looks the file up from scratch
 * (exists, inside the root, not hidden, readable) as if it had never been cached. So a file changed, deleted,
 * hidden or made unreadable is served at most the freshness bound after. Bounded by the bytes of content it
 * holds (Caffeine evicts the least useful first). Only files answered {@code 20} in full are kept.
 */
final class SmallFileCache {

    /** What a cached answer depends on besides the file: the capsule (its media-type settings) and where its files are. */
    record Key(String capsule, Path root, List<String> segments, boolean trailingSlash) {
    }

    private record Entry(String meta, byte[] body) {
    }

    private final Cache<Key, Entry> entries;

    /**
     * @param freshness zero turns the cache off
     * @param ticker    nanoseconds, for the freshness bound (tests move it)
     */
    SmallFileCache(Duration freshness, long maxBytes, Ticker ticker) {
        this.entries = freshness.isZero() || maxBytes == 0 ? null : Caffeine.newBuilder()
                .expireAfterWrite(freshness)
                .maximumWeight(maxBytes)
                .weigher((Key key, Entry entry) -> entry.body().length)
                .ticker(ticker)
                // maintenance runs where the cache is used: no pool thread, nothing to block on
                .executor(Runnable::run)
                .build();
    }

    /** The cached answer, if one is fresh. */
    Optional<GeminiResponse> get(Key key) {
        Entry entry = entries == null ? null : entries.getIfPresent(key);
        return entry == null ? Optional.empty()
                : Optional.of(GeminiResponse.success(entry.meta(), Flux.just(ByteBuffer.wrap(entry.body()).asReadOnlyBuffer())));
    }

    void put(Key key, String meta, byte[] body) {
        if (entries != null) {
            entries.put(key, new Entry(meta, body));
        }
    }

    /**
     * Forgets the answers a change to this file may have made stale: the file's own, and those of the directories on its
     * way (one may have answered with it as its index file).
     */
    void forget(Path root, List<String> segments) {
        if (entries != null) {
            entries.asMap().keySet().removeIf(key -> key.root().equals(root) && key.segments().size() <= segments.size()
                    && segments.subList(0, key.segments().size()).equals(key.segments()));
        }
    }

    /** Bytes of content held now, after pending evictions. */
    long weightedSize() {
        if (entries == null) {
            return 0;
        }
        entries.cleanUp();
        return entries.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
    }
}
