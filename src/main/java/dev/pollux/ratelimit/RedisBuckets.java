package dev.pollux.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Bucket4j's asynchronous proxy manager on the connection Spring Boot configures ({@code spring.data.redis.*}): the shared
 * Lettuce connection of its {@link LettuceConnectionFactory}, standalone, sentinel or cluster alike.
 * <p>
 * Connecting blocks, so it never happens on the caller's thread: until the first connection succeeds, {@link #manager()}
 * fails at once and starts an attempt on a worker thread (at most one at a time, one a second), so Pollux starts and
 * serves while Redis is down. Once connected, Lettuce reconnects by itself after an outage.
 * <p>
 * Every key expires when its bucket would be full again (plus a second): a key idle that long is the same as no key,
 * so Redis holds only the buckets of clients seen within their limit's period.
 */
final class RedisBuckets {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(1);

    private final LettuceConnectionFactory connections;
    private final TimeMeter time;
    private final Clock clock;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile AsyncProxyManager<byte[]> manager;
    private volatile StatefulConnection<byte[], byte[]> connection;
    private volatile Instant lastAttempt = Instant.MIN;

    RedisBuckets(LettuceConnectionFactory connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
        this.time = new ClockTimeMeter(clock);
    }

    /** The proxy manager; fails with {@link StoreNotConnectedException} (and starts connecting) while there is no connection. */
    AsyncProxyManager<byte[]> manager() {
        AsyncProxyManager<byte[]> ready = manager;
        if (ready == null) {
            connectInBackground();
            throw new StoreNotConnectedException();
        }
        return ready;
    }

    /** Connected now: the first connection has been made and Lettuce has not lost it since. */
    boolean connected() {
        StatefulConnection<byte[], byte[]> current = connection;
        return current != null && current.isOpen();
    }

    void connectInBackground() {
        if (manager != null || Instant.now(clock).isBefore(lastAttempt.plus(RETRY)) || !connecting.compareAndSet(false, true)) {
            return;
        }
        Schedulers.boundedElastic().schedule(() -> {
            try {
                connect();
            } catch (RuntimeException e) {
                log.warn("Cannot connect to the rate-limit store yet: {}", e.getMessage());
            } finally {
                lastAttempt = Instant.now(clock);
                connecting.set(false);
            }
        });
    }

    private void connect() {
        // the factory's shared connection: closing this handle would leave it open, so it is kept as it is
        Object nativeCommands = connections.getConnection().getNativeConnection();
        Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder;
        StatefulConnection<byte[], byte[]> opened;
        if (nativeCommands instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
            builder = Bucket4jLettuce.casBasedBuilder(cast(cluster));
            opened = cast(cluster).getStatefulConnection();
        } else if (nativeCommands instanceof RedisAsyncCommands<?, ?> standalone) {
            builder = Bucket4jLettuce.casBasedBuilder(castStandalone(standalone));
            opened = castStandalone(standalone).getStatefulConnection();
        } else {
            throw new IllegalStateException("unexpected Lettuce connection " + nativeCommands.getClass().getName());
        }
        AsyncProxyManager<byte[]> connected = builder
                .clientClock(time)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                .build()
                .asAsync();
        connection = opened;
        manager = connected;
        log.info("Rate limits are shared through Redis");
    }

    @SuppressWarnings("unchecked")
    private static RedisAdvancedClusterAsyncCommands<byte[], byte[]> cast(RedisAdvancedClusterAsyncCommands<?, ?> commands) {
        return (RedisAdvancedClusterAsyncCommands<byte[], byte[]>) commands;
    }

    @SuppressWarnings("unchecked")
    private static RedisAsyncCommands<byte[], byte[]> castStandalone(RedisAsyncCommands<?, ?> commands) {
        return (RedisAsyncCommands<byte[], byte[]>) commands;
    }
}
