package dev.pollux.handler.file;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.pollux.config.FileCacheProperties;
import dev.pollux.config.PolluxProperties;
import dev.pollux.handler.WithheldFiles;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Static files: media types from {@code pollux.mime-types}, the small-file cache, and the handler at the end of the chain. */
@Configuration(proxyBeanMethods = false)
public class StaticFileConfiguration {

    @Bean
    MimeTypes mimeTypes(PolluxProperties properties) {
        return new MimeTypes(properties.mimeTypes());
    }

    /**
     * File-system work of static files: look-ups, and reads of files streamed at their clients' pace. Two threads per
     * core (a read from the page cache takes microseconds) rather than Reactor's shared bounded-elastic pool, which
     * grows to ten per core: each thread costs a stack and a C library arena, which 100 slow readers of a large file
     * made the largest part of their memory.
     */
    @Bean(destroyMethod = "dispose")
    Scheduler fileScheduler() {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        return Schedulers.newBoundedElastic(threads, Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "pollux-files", 60, true);
    }

    @Bean
    StaticFileHandler staticFileHandler(MimeTypes mimeTypes, PolluxProperties properties, ObjectProvider<Ticker> fileCacheTicker,
                                        ObjectProvider<WithheldFiles> withheld, Scheduler fileScheduler) {
        ContainedPathResolver resolver = new ContainedPathResolver();
        FileCacheProperties cache = properties.fileCache();
        // monotonic time for the freshness bound; tests supply their own ticker to move past it without waiting
        Ticker ticker = fileCacheTicker.getIfAvailable(Ticker::systemTicker);
        return new StaticFileHandler(resolver, new DirectoryListing(resolver), mimeTypes,
                new SmallFileCache(cache.freshness(), cache.maxSize().toBytes(), ticker), fileScheduler,
                withheld.getIfAvailable(() -> WithheldFiles.NONE));
    }
}
