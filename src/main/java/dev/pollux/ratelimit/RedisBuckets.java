package dev.pollux.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Bucket4j's asynchronous proxy manager on the connection Spring Boot configures ({@code spring.data.redis.*}): the shared
 * Lettuce connection of its {@link LettuceConnectionFactory}, standalone, sentinel or cluster alike.
 * <p>
 * Connecting blocks, so it never happens on the caller's thread: until the first connection succeeds, {@link #manager()}
 * fails at once, while a worker thread tries again every second, so Pollux starts and serves while Redis is down. Once
 * connected, Lettuce reconnects by itself after an outage.
 * <p>
 * Every key expires when its bucket would be full again (plus a second): a key idle that long is the same as no key,
 * so Redis holds only the buckets of clients seen within their limit's period.
 */
final class RedisBuckets implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(1);
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(5);
    /** A bucket no client uses, refilled within a second, so its key is gone two seconds later. */
    private static final byte[] WARM_UP_KEY = (RedisRateLimiterFactory.KEY_PREFIX + "warm-up").getBytes(StandardCharsets.UTF_8);
    private static final BucketConfiguration WARM_UP = BucketConfiguration.builder()
            .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofSeconds(1)).build()).build();

    private final LettuceConnectionFactory connections;
    private final TimeMeter time;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile AsyncProxyManager<byte[]> manager;
    private volatile StatefulConnection<byte[], byte[]> connection;
    private volatile boolean closed;
    /** Only the retry chain touches it: one attempt runs at a time. */
    private int failedAttempts;

    RedisBuckets(LettuceConnectionFactory connections, Clock clock) {
        this.connections = connections;
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

    /** Starts connecting on a worker thread, unless connected or already trying; a failed attempt is retried every second. */
    void connectInBackground() {
        if (manager == null && !closed && connecting.compareAndSet(false, true)) {
            Schedulers.boundedElastic().schedule(this::attempt);
        }
    }

    private void attempt() {
        if (closed) {
            return;
        }
        try {
            connect();
            connecting.set(false);
        } catch (RuntimeException e) {
            if (failedAttempts++ == 0) {
                log.warn("Cannot connect to the rate-limit store yet ({}); trying again every second", describe(e));
            } else {
                log.debug("Cannot connect to the rate-limit store yet: {}", describe(e));
            }
            Schedulers.boundedElastic().schedule(this::attempt, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The failure and its root cause, which says what went wrong ("Unable to connect" alone does not). */
    private static String describe(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root == failure ? failure.getMessage() : failure.getMessage() + ": " + root;
    }

    /** Stops retrying; the connection itself belongs to Spring's connection factory, which closes it. */
    @Override
    public void close() {
        closed = true;
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
        warmUp(connected);
        connection = opened;
        manager = connected;
        log.info("Rate limits are shared through Redis");
    }

    /**
     * One check on a bucket of its own before requests are let in: Redis loads Bucket4j's script and this JVM loads and
     * compiles the code path, so the first requests do not take longer than the store timeout on their own account.
     */
    private static void warmUp(AsyncProxyManager<byte[]> manager) {
        try {
            manager.builder().build(WARM_UP_KEY, WARM_UP).tryConsume(1).get(WARM_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("no answer to a first check: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
