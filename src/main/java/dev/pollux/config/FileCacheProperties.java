package dev.pollux.config;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The cache of small static files ({@code pollux.file-cache.*}): a hot small page is served from memory,
 * without touching the file system, for at most {@code freshness}; then it is looked up again from scratch.
 *
 * @param freshness how long a cached file is served without looking at the file system again: at most 1s, so a
 *                  file changed, deleted, hidden or made unreadable is served at most that long after; 0 turns the cache off
 * @param maxSize   the most bytes of file content kept; files above 128KB are never cached
 */
public record FileCacheProperties(
        @DefaultValue("1s") Duration freshness,
        @DefaultValue("16MB") DataSize maxSize) {

    public FileCacheProperties {
        if (freshness.isNegative() || freshness.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new InvalidConfigurationException("pollux.file-cache.freshness", "must be between 0s and 1s, was " + freshness);
        }
        if (maxSize.isNegative()) {
            throw new InvalidConfigurationException("pollux.file-cache.max-size", "must not be negative, was " + maxSize);
        }
    }
}
