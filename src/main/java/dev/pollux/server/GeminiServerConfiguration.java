package dev.pollux.server;

import java.time.Duration;

import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.clientcert.ClientCertificateInspector;
import dev.pollux.config.AccessLogProperties;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.PolluxProperties;
import dev.pollux.config.ServerProperties;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.RequestGate;
import dev.pollux.tls.ServedCertificates;
import dev.pollux.tls.ServedTicketKeys;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.OpenSsl;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.ChannelMetricsRecorder;
import reactor.netty.tcp.TcpServer;

/**
 * Builds the Reactor Netty TCP server: socket options, the accept gate and (when on) the PROXY protocol before TLS,
 * TLS by SNI, request-line framing and the connection handler.
 */
@Configuration(proxyBeanMethods = false)
public class GeminiServerConfiguration {

    @Bean
    GeminiServer geminiServer(PolluxProperties properties, CapsuleRegistry capsules, ServedCertificates certificates,
                              ServedTicketKeys ticketKeys,
                              ClientCertificateInspector clientCertificates, ObjectProvider<GeminiHandler> handlers,
                              ObjectProvider<RequestListener> listeners, ObjectProvider<ChannelMetricsRecorder> channelMetrics,
                              ObjectProvider<RequestGate> gate, ObjectProvider<ConnectionEvents> connectionEvents,
                              ApplicationEventPublisher events) {
        ServerProperties server = properties.server();
        Duration timeout = server.requestTimeout();
        ConnectionEvents connectionEventListener = connectionEvents.getIfAvailable(() -> ConnectionEvents.NONE);
        SslContexts.logProvider();
        DroppedErrors.logAtDebug();
        if (ticketKeys.current().isPresent() && !OpenSsl.isAvailable()) {
            throw new InvalidConfigurationException("pollux.tls.session-ticket-keys",
                    "needs OpenSSL (netty-tcnative), which did not load here: " + OpenSsl.unavailabilityCause());
        }
        CertificateSelector selector = new CertificateSelector(capsules, certificates, ticketKeys, timeout, server.writeTimeout());
        connectionEventListener.negotiable(SslContexts.PROTOCOLS, selector.defaultProvider().getSslContext().cipherSuites());
        GeminiConnectionHandler connectionHandler = new GeminiConnectionHandler(
                new RequestRouter(capsules, server.publicPort(), server.acceptIpHosts(), clientCertificates),
                new HandlerChain(handlers.orderedStream().toList()),
                timeout,
                listeners.orderedStream().toList(),
                gate.getIfAvailable(() -> RequestGate.OPEN),
                new ResponseWriter(server.writeTimeout(), connectionEventListener));
        TrustedProxies trustedProxies = TrustedProxies.of(server);
        AcceptGate acceptGate = new AcceptGate(server.maxConnections(), server.maxConnectionsPerClient(), trustedProxies != null,
                connectionEventListener);
        HandshakeWatcher handshakeWatcher = new HandshakeWatcher(connectionEventListener);
        int highWaterMark = (int) server.writeBuffer().toBytes();
        TcpServer tcpServer = TcpServer.create()
                .host(server.address())
                .port(server.port())
                .option(ChannelOption.SO_BACKLOG, server.backlog())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(highWaterMark / 2, highWaterMark))
                .secure(spec -> spec.sslContext(selector.defaultProvider().getSslContext())
                        .handshakeTimeout(timeout)
                        .closeNotifyFlushTimeout(server.writeTimeout())
                        .setSniAsyncMappings(selector))
                .doOnChannelInit((observer, channel, remoteAddress) -> {
                    channel.pipeline().addFirst("pollux-accept", acceptGate);
                    if (trustedProxies != null) {
                        ProxyHeaderReader.install(channel.pipeline(), "pollux-accept", trustedProxies, acceptGate, connectionEventListener);
                    }
                    channel.pipeline().addAfter(NettyPipeline.SslHandler, "pollux-handshake", handshakeWatcher);
                })
                .doOnConnection(connection -> connection.addHandlerLast("pollux-request-line", new RequestLineDecoder()))
                .doOnConnection(connectionHandler);
        if (Epoll.isAvailable()) {
            // the kernel keeps at most this much unsent per socket and says so as soon as it has sent it: without it,
            // Linux lets megabytes queue for a slow reader and reports the socket writable only once half drained, so a
            // steady 20 KB/s reader looked stalled for a minute (and held ~4 MiB of kernel memory)
            tcpServer = tcpServer.childOption(EpollChannelOption.TCP_NOTSENT_LOWAT, (long) highWaterMark);
        }
        ChannelMetricsRecorder recorder = channelMetrics.getIfAvailable();
        if (recorder != null) {
            tcpServer = tcpServer.metrics(true, () -> recorder);
        }
        return new GeminiServer(tcpServer, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), acceptGate, server.address(),
                server.port(), server.drainTimeout(), events);
    }

    @Bean
    AccessLog accessLog(AccessLogProperties properties) {
        return new AccessLog(properties.clientAddress());
    }
}
