package dev.pollux.support;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * A TLS 1.3 Gemini client that offers the latest session it holds to whichever server it reaches, as a client does
 * behind a load balancer: to its session cache every connection goes to {@code localhost:1965}, whatever port it
 * really connects to. The JDK's TLS keeps the sessions, so the servers alone decide whether one resumes.
 */
public final class ResumingClient implements AutoCloseable {

    private static final String NAME = "localhost";
    private static final int CACHED_PORT = 1965;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final SslContext tls;

    public ResumingClient() throws Exception {
        tls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3")
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    }

    /** Requests {@code gemini://localhost:port/} and returns the response header line. */
    public String get(int port) throws Exception {
        CompletableFuture<String> header = new CompletableFuture<>();
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        SSLEngine engine = tls.newEngine(channel.alloc(), NAME, CACHED_PORT);
                        SSLParameters parameters = engine.getSSLParameters();
                        parameters.setServerNames(List.of(new SNIHostName(NAME)));
                        engine.setSSLParameters(parameters);
                        channel.pipeline().addLast(new SslHandler(engine), new Exchange("gemini://localhost:" + port + "/", header));
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port)).sync();
        return header.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Sends the request once the handshake is done and completes with the first line when the server closes. */
    private static final class Exchange extends ChannelInboundHandlerAdapter {

        private final String url;
        private final CompletableFuture<String> header;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();

        Exchange(String url, CompletableFuture<String> header) {
            this.url = url;
            this.header = header;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                if (completion.isSuccess()) {
                    ctx.writeAndFlush(Unpooled.copiedBuffer(url + "\r\n", StandardCharsets.UTF_8));
                } else {
                    header.completeExceptionally(completion.cause());
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ByteBuf bytes = (ByteBuf) message;
            try {
                byte[] copy = new byte[bytes.readableBytes()];
                bytes.readBytes(copy);
                received.writeBytes(copy);
            } finally {
                bytes.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            String all = received.toString(StandardCharsets.UTF_8);
            header.complete(all.substring(0, all.indexOf('\n') + 1));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            header.completeExceptionally(cause);
            ctx.close();
        }
    }
}
