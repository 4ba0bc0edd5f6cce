package dev.pollux.server;

import java.time.Duration;
import java.util.function.Function;

import dev.pollux.capsule.Capsule;
import dev.pollux.capsule.CapsuleRegistry;
import dev.pollux.config.InvalidConfigurationException;
import dev.pollux.config.PolluxProperties;
import dev.pollux.config.ServerProperties;
import dev.pollux.handler.GeminiHandler;
import dev.pollux.handler.HandlerChain;
import dev.pollux.handler.RequestGate;
import dev.pollux.handler.RequestRouter;
import dev.pollux.protocol.RequestLineParser;
import dev.pollux.tls.ServerCertificate;
import dev.pollux.tls.ServerCertificateStore;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.LineBasedFrameDecoder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.netty.tcp.TcpServer;

/** Builds the Reactor Netty TCP server: socket options, TLS by SNI, request-line framing and the connection handler. */
@Configuration(proxyBeanMethods = false)
public class GeminiServerConfiguration {

    /** The request line plus its CR; the LF itself is not counted by the decoder. */
    private static final int MAX_FRAME_BYTES = RequestLineParser.MAX_REQUEST_BYTES + 1;

    @Bean
    NettyDataBufferFactory geminiBufferFactory() {
        return new NettyDataBufferFactory(PooledByteBufAllocator.DEFAULT);
    }

    @Bean
    GeminiServer geminiServer(PolluxProperties properties, CapsuleRegistry capsules, ServerCertificateStore certificateStore,
                              ObjectProvider<GeminiHandler> handlers, ObjectProvider<RequestGate> gate) {
        ServerProperties server = properties.server();
        Duration timeout = server.requestTimeout();
        SslContexts.logProvider();
        Function<Capsule, ServerCertificate> certificates = properties.tls().hasConfiguredCertificate()
                ? capsule -> configuredCertificate(properties)
                : capsule -> certificateStore.generatedFor(capsule.hostname(), capsule.aliases());
        CertificateSelector selector = new CertificateSelector(capsules, certificates, timeout);
        GeminiConnectionHandler connectionHandler = new GeminiConnectionHandler(
                new RequestRouter(capsules, server.publicPort()),
                new HandlerChain(handlers.orderedStream().toList()),
                timeout,
                new AccessLog(),
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
                .handle(connectionHandler);
        return new GeminiServer(tcpServer, server.address(), server.port(), Duration.ofSeconds(5));
    }

    private static ServerCertificate configuredCertificate(PolluxProperties properties) {
        try {
            return ServerCertificateStore.readPem(properties.tls().certificate(), properties.tls().privateKey());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("pollux.tls.certificate", e.getMessage());
        }
    }
}
