package dev.pollux.support;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * A Gemini client on Netty that sees what a blocking socket hides: whether the server ended the connection with
 * TLS close_notify (a complete response) or without it (a cut one), and that can stop reading, as a stalled
 * reader does, and start again.
 */
public final class TlsProbe implements AutoCloseable {

    private static final int KEPT_BYTES = 64 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ByteArrayOutputStream start = new ByteArrayOutputStream();
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean closeNotify = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Channel channel;

    private TlsProbe(String host, int port, String localAddress, PrivateKey key, X509Certificate... chain) throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE);
        if (key != null) {
            builder.keyManager(key, chain);
        }
        SslContext tls = builder.build();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(tls.newHandler(channel.alloc(), host, port), new Recorder());
                    }
                });
        InetSocketAddress remote = new InetSocketAddress("127.0.0.1", port);
        channel = (localAddress == null ? bootstrap.connect(remote) : bootstrap.connect(remote, new InetSocketAddress(localAddress, 0)))
                .sync().channel();
    }

    public static TlsProbe connect(String host, int port) throws Exception {
        return new TlsProbe(host, port, null, null);
    }

    public static TlsProbe connectFrom(String localAddress, String host, int port) throws Exception {
        return new TlsProbe(host, port, localAddress, null);
    }

    public static TlsProbe connectWithCertificate(String host, int port, PrivateKey key, X509Certificate... chain) throws Exception {
        return new TlsProbe(host, port, null, key, chain);
    }

    /** Sends a request line; CRLF is added. */
    public TlsProbe request(String url) {
        channel.writeAndFlush(Unpooled.copiedBuffer(url + "\r\n", StandardCharsets.UTF_8));
        return this;
    }

    /** Stops taking bytes from the socket, as a stalled reader does: the server's writes back up. */
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    public void resumeReading() {
        channel.config().setAutoRead(true);
        channel.read();
    }

    public long bytesReceived() {
        return received.get();
    }

    /** The first bytes received: the header and the start of the body. */
    public String start() {
        synchronized (start) {
            return start.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the server has closed the connection; false when it has not within {@code timeout}. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True when the connection ended with the server's close_notify: an orderly end, the body complete. */
    public boolean endedWithCloseNotify() {
        return closeNotify.get();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final class Recorder extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            ByteBuf bytes = (ByteBuf) message;
            try {
                received.addAndGet(bytes.readableBytes());
                synchronized (start) {
                    int keep = Math.min(bytes.readableBytes(), KEPT_BYTES - start.size());
                    if (keep > 0) {
                        byte[] copy = new byte[keep];
                        bytes.getBytes(bytes.readerIndex(), copy);
                        start.writeBytes(copy);
                    }
                }
            } finally {
                bytes.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslCloseCompletionEvent completion && completion.isSuccess()) {
                closeNotify.set(true);
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
