package dev.pollux.handler.file;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.pollux.config.FileCacheProperties;
import dev.pollux.config.PolluxProperties;
import dev.pollux.handler.WithheldFiles;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Schedulers;

/** Static files: media types from {@code pollux.mime-types}, the small-file cache, and the handler at the end of the chain. */
@Configuration(proxyBeanMethods = false)
public class StaticFileConfiguration {

    @Bean
    MimeTypes mimeTypes(PolluxProperties properties) {
        return new MimeTypes(properties.mimeTypes());
    }

    @Bean
    StaticFileHandler staticFileHandler(MimeTypes mimeTypes, PolluxProperties properties, ObjectProvider<Ticker> fileCacheTicker,
                                        ObjectProvider<WithheldFiles> withheld) {
        ContainedPathResolver resolver = new ContainedPathResolver();
        FileCacheProperties cache = properties.fileCache();
        // monotonic time for the freshness bound; tests supply their own ticker to move past it without waiting
        Ticker ticker = fileCacheTicker.getIfAvailable(Ticker::systemTicker);
        return new StaticFileHandler(resolver, new DirectoryListing(resolver), mimeTypes,
                new SmallFileCache(cache.freshness(), cache.maxSize().toBytes(), ticker), Schedulers.boundedElastic(),
                withheld.getIfAvailable(() -> WithheldFiles.NONE));
    }
}
