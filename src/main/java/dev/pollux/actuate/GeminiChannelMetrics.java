package dev.pollux.actuate;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.pollux.server.ConnectionEvents;
import dev.pollux.server.ConnectionRefusal;
import dev.pollux.server.Cut;
import dev.pollux.server.HandshakeFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.netty.channel.ChannelMetricsRecorder;

/**
 * Connection-level events in the application's registry, from accept on ({@link ConnectionEvents}) and from
 * Reactor Netty's recorder. Reactor Netty's own Micrometer recorder tags these by client address (a meter per
 * client, kept forever); this one keeps the same measurements with no client tag. Every series exists from
 * startup, at zero, so alerts see 0 rather than no data:
 * <ul>
 * <li>{@code pollux.connections.active} (gauge), {@code pollux.connections.opened} (counter): every TCP connection
 *     admitted, counted at accept, before TLS</li>
 * <li>{@code pollux.connections.refused} (counter, tag {@code reason}): closed before TLS by a connection limit
 *     (max_connections, max_connections_per_client) or by the PROXY protocol (untrusted_proxy, proxy_header_invalid,
 *     proxy_header_timeout)</li>
 * <li>{@code pollux.tls.handshakes} (timer, tag {@code outcome}: success or error)</li>
 * <li>{@code pollux.tls.negotiated} (counter, tags {@code protocol}, {@code cipher}): completed handshakes by what they
 *     agreed on, one per connection whatever it then sends (a series appears with its first handshake)</li>
 * <li>{@code pollux.tls.resumptions} (counter): handshakes that resumed a session instead of a full handshake, from
 *     this server's ticket or, with {@code pollux.tls.session-ticket-keys}, another replica's</li>
 * <li>{@code pollux.tls.handshake.failures} (counter, tag {@code reason}: timeout, not_tls, closed, client_certificate,
 *     protocol, other)</li>
 * <li>{@code pollux.responses.cut} (counter, tag {@code reason}): responses ended before their body was complete</li>
 * <li>{@code pollux.network.received.bytes}, {@code pollux.network.sent.bytes} (counters, TLS records included)</li>
 * <li>{@code pollux.connections.errors} (counter)</li>
 * </ul>
 */
public final class GeminiChannelMetrics implements ChannelMetricsRecorder, ConnectionEvents {

    private final AtomicInteger active = new AtomicInteger();
    private final Counter opened;
    private final Counter received;
    private final Counter sent;
    private final Counter errors;
    private final Timer handshakeSuccess;
    private final Timer handshakeError;
    private final Counter resumptions;
    private final Map<ConnectionRefusal, Counter> refused = new EnumMap<>(ConnectionRefusal.class);
    private final Map<HandshakeFailure, Counter> handshakeFailures = new EnumMap<>(HandshakeFailure.class);
    private final Map<Cut, Counter> cuts = new EnumMap<>(Cut.class);
    private final Map<List<String>, Counter> negotiated = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    public GeminiChannelMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("pollux.connections.active", active, AtomicInteger::get).description("Open Gemini connections").register(registry);
        opened = Counter.builder("pollux.connections.opened").description("Gemini connections accepted").register(registry);
        received = Counter.builder("pollux.network.received.bytes").baseUnit("bytes").register(registry);
        sent = Counter.builder("pollux.network.sent.bytes").baseUnit("bytes").register(registry);
        errors = Counter.builder("pollux.connections.errors").description("Connections that failed with an error").register(registry);
        handshakeSuccess = handshakes(registry, "success");
        handshakeError = handshakes(registry, "error");
        resumptions = Counter.builder("pollux.tls.resumptions").description("TLS handshakes that resumed an earlier session").register(registry);
        for (ConnectionRefusal reason : ConnectionRefusal.values()) {
            refused.put(reason, Counter.builder("pollux.connections.refused").description("Connections closed before TLS by a limit or the PROXY protocol")
                    .tag("reason", reason.tag()).register(registry));
        }
        for (HandshakeFailure reason : HandshakeFailure.values()) {
            handshakeFailures.put(reason, Counter.builder("pollux.tls.handshake.failures").description("Failed TLS handshakes")
                    .tag("reason", reason.tag()).register(registry));
        }
        for (Cut reason : Cut.values()) {
            cuts.put(reason, Counter.builder("pollux.responses.cut").description("Responses ended before their body was complete")
                    .tag("reason", reason.tag()).register(registry));
        }
    }

    private static Timer handshakes(MeterRegistry registry, String outcome) {
        return Timer.builder("pollux.tls.handshakes").description("TLS handshakes by outcome").tag("outcome", outcome).register(registry);
    }

    @Override
    public void opened() {
        active.incrementAndGet();
        opened.increment();
    }

    @Override
    public void closed() {
        active.decrementAndGet();
    }

    @Override
    public void refused(ConnectionRefusal reason) {
        refused.get(reason).increment();
    }

    /** Every pair a handshake may end with, at zero: TLS 1.3's suites have no key exchange in their names. */
    @Override
    public void negotiable(List<String> protocols, List<String> cipherSuites) {
        for (String cipher : cipherSuites) {
            String protocol = cipher.contains("_WITH_") ? "TLSv1.2" : "TLSv1.3";
            if (protocols.contains(protocol)) {
                negotiated(protocol, cipher);
            }
        }
    }

    @Override
    public void handshakeCompleted(String protocol, String cipher) {
        negotiated(protocol, cipher).increment();
    }

    private Counter negotiated(String protocol, String cipher) {
        return negotiated.computeIfAbsent(List.of(String.valueOf(protocol), String.valueOf(cipher)), tags ->
                Counter.builder("pollux.tls.negotiated").description("Completed TLS handshakes by negotiated protocol and cipher")
                        .tags("protocol", tags.get(0), "cipher", tags.get(1)).register(registry));
    }

    @Override
    public void resumed() {
        resumptions.increment();
    }

    @Override
    public void handshakeFailed(HandshakeFailure reason) {
        handshakeFailures.get(reason).increment();
    }

    @Override
    public void cut(Cut reason) {
        cuts.get(reason).increment();
    }

    @Override
    public void recordServerConnectionOpened(SocketAddress localAddress) {
        // counted at accept by opened(), before TLS, where Reactor Netty would count after the handshake
    }

    @Override
    public void recordServerConnectionClosed(SocketAddress localAddress) {
        // counted by closed()
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
