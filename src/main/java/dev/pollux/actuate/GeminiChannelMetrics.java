package dev.pollux.actuate;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.netty.channel.ChannelMetricsRecorder;

/**
 * Reactor Netty's connection-level events in the application's registry. Reactor Netty's own
 * Micrometer recorder tags these by client address (a meter per client, kept forever); this one
 * keeps the same measurements with no client tag:
 * <ul>
 * <li>{@code pollux.connections.active} (gauge), {@code pollux.connections.opened} (counter)</li>
 * <li>{@code pollux.tls.handshakes} (timer, tag {@code outcome}: success or error, so failed handshakes are {@code outcome="error"})</li>
 * <li>{@code pollux.network.received.bytes}, {@code pollux.network.sent.bytes} (counters, TLS records included)</li>
 * <li>{@code pollux.connections.errors} (counter)</li>
 * </ul>
 */
public final class GeminiChannelMetrics implements ChannelMetricsRecorder {

    private final AtomicInteger active = new AtomicInteger();
    private final Counter opened;
    private final Counter received;
    private final Counter sent;
    private final Counter errors;
    private final Timer handshakeSuccess;
    private final Timer handshakeError;

    public GeminiChannelMetrics(MeterRegistry registry) {
        Gauge.builder("pollux.connections.active", active, AtomicInteger::get).description("Open Gemini connections").register(registry);
        opened = Counter.builder("pollux.connections.opened").description("Gemini connections accepted").register(registry);
        received = Counter.builder("pollux.network.received.bytes").baseUnit("bytes").register(registry);
        sent = Counter.builder("pollux.network.sent.bytes").baseUnit("bytes").register(registry);
        errors = Counter.builder("pollux.connections.errors").description("Connections that failed with an error").register(registry);
        handshakeSuccess = handshakes(registry, "success");
        handshakeError = handshakes(registry, "error");
    }

    private static Timer handshakes(MeterRegistry registry, String outcome) {
        return Timer.builder("pollux.tls.handshakes").description("TLS handshakes by outcome").tag("outcome", outcome).register(registry);
    }

    @Override
    public void recordServerConnectionOpened(SocketAddress localAddress) {
        active.incrementAndGet();
        opened.increment();
    }

    @Override
    public void recordServerConnectionClosed(SocketAddress localAddress) {
        active.decrementAndGet();
    }

    @Override
    public void recordTlsHandshakeTime(SocketAddress remoteAddress, Duration time, String status) {
        (status.toUpperCase(Locale.ROOT).equals("SUCCESS") ? handshakeSuccess : handshakeError).record(time);
    }

    @Override
    public void recordDataReceived(SocketAddress remoteAddress, long bytes) {
        received.increment(bytes);
    }

    @Override
    public void recordDataSent(SocketAddress remoteAddress, long bytes) {
        sent.increment(bytes);
    }

    @Override
    public void incrementErrorsCount(SocketAddress remoteAddress) {
        errors.increment();
    }

    @Override
    public void recordConnectTime(SocketAddress remoteAddress, Duration time, String status) {
        // client-side event; a server never connects out
    }

    @Override
    public void recordResolveAddressTime(SocketAddress remoteAddress, Duration time, String status) {
        // client-side event; a server never resolves
    }
}
