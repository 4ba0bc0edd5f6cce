package dev.pollux.server;

import java.time.Duration;

import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.clientcert.ClientCertificateInspector;
import dev.pollux.config.PolluxProperties;
import dev.pollux.config.ServerProperties;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.RequestGate;
import dev.pollux.protocol.RequestLineParser;
import dev.pollux.tls.ServedCertificates;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.channel.ChannelMetricsRecorder;
import reactor.netty.tcp.TcpServer;

/** Builds the Reactor Netty TCP server: socket options, TLS by SNI, request-line framing and the connection handler. */
@Configuration(proxyBeanMethods = false)
public class GeminiServerConfiguration {

    /** The request line plus its CR; the LF itself is not counted by the decoder. */
    private static final int MAX_FRAME_BYTES = RequestLineParser.MAX_REQUEST_BYTES + 1;

    @Bean
    GeminiServer geminiServer(PolluxProperties properties, CapsuleRegistry capsules, ServedCertificates certificates,
                              ClientCertificateInspector clientCertificates, ObjectProvider<GeminiHandler> handlers,
                              ObjectProvider<RequestListener> listeners, ObjectProvider<ChannelMetricsRecorder> channelMetrics,
                              ObjectProvider<RequestGate> gate, ApplicationEventPublisher events) {
        ServerProperties server = properties.server();
        Duration timeout = server.requestTimeout();
        SslContexts.logProvider();
        CertificateSelector selector = new CertificateSelector(capsules, certificates, timeout);
        GeminiConnectionHandler connectionHandler = new GeminiConnectionHandler(
                new RequestRouter(capsules, server.publicPort(), server.acceptIpHosts(), clientCertificates),
                new HandlerChain(handlers.orderedStream().toList()),
                timeout,
                listeners.orderedStream().toList(),
                gate.getIfAvailable(() -> RequestGate.OPEN));
        TcpServer tcpServer = TcpServer.create()
                .host(server.address())
                .port(server.port())
                .option(ChannelOption.SO_BACKLOG, server.backlog())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .secure(spec -> spec.sslContext(selector.defaultProvider().getSslContext())
                        .handshakeTimeout(timeout)
                        .setSniAsyncMappings(selector))
                .doOnConnection(connection -> connection.addHandlerLast("gemini-request-line",
                        new LineBasedFrameDecoder(MAX_FRAME_BYTES, false, true)))
                .doOnConnection(connectionHandler);
        ChannelMetricsRecorder recorder = channelMetrics.getIfAvailable();
        if (recorder != null) {
            tcpServer = tcpServer.metrics(true, () -> recorder);
        }
        return new GeminiServer(tcpServer, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), server.address(), server.port(),
                server.drainTimeout(), events);
    }

    @Bean
    AccessLog accessLog() {
        return new AccessLog();
    }
}
