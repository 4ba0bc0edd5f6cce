package dev.pollux.support;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The file cache's clock, moved by hand: {@code @Import(FileCacheTime.class)} gives the server {@link #TICKER} for
 * the freshness bound of static files and of CGI lookups, so a test passes the bound without waiting.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FileCacheTime {

    /** The default {@code pollux.file-cache.freshness}. */
    public static final Duration FRESHNESS = Duration.ofSeconds(1);
    public static final MutableTicker TICKER = new MutableTicker();

    @Bean
    Ticker fileCacheTicker() {
        return TICKER;
    }

    /** Past the bound of anything remembered so far: each test starts with nothing cached. */
    public static void startFresh() {
        TICKER.advance(FRESHNESS.multipliedBy(2));
    }
}
