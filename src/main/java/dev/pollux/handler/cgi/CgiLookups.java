package dev.pollux.handler.cgi;

import java.nio.file.Path;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Canonical paths recently found to be outside a capsule's CGI directory, remembered for the file cache's freshness
 * bound: deciding that takes the file system (a path may reach the directory through a symbolic link), so without
 * this every request of a capsule with CGI would hop to the file scheduler and back before static files see it. A
 * link made into the CGI directory takes effect within the bound; meanwhile static files still withhold the
 * scripts behind it ({@link CgiScriptsWithheld}). Bounded in entries.
 */
final class CgiLookups {

    private static final int MAX_ENTRIES = 10_000;

    /** The capsule's name and root (a wildcard capsule's subdomains each have their own) and the canonical path. */
    record Key(String capsule, Path root, String path) {
    }

    private final Cache<Key, Boolean> outside;

    /** @param freshness zero remembers nothing */
    CgiLookups(Duration freshness, Ticker ticker) {
        this.outside = freshness.isZero() ? null : Caffeine.newBuilder()
                .expireAfterWrite(freshness)
                .maximumSize(MAX_ENTRIES)
                .ticker(ticker)
                // maintenance runs where the cache is used: no pool thread, nothing to block on
                .executor(Runnable::run)
                .build();
    }

    boolean knownOutside(Key key) {
        return outside != null && outside.getIfPresent(key) != null;
    }

    void rememberOutside(Key key) {
        if (outside != null) {
            outside.put(key, Boolean.TRUE);
        }
    }
}
