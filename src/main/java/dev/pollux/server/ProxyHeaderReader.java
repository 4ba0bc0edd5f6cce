package dev.pollux.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import dev.pollux.config.AddressRange;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol.AddressFamily;
import io.netty.util.NetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code pollux.server.proxy-protocol}, right after {@link AcceptGate} and before TLS: the connection must come
 * from a trusted balancer and start with a PROXY protocol header, v1 or v2, which Netty's
 * {@link HAProxyMessageDecoder} just before this handler decodes (and removes itself, passing on what follows: the
 * TLS ClientHello). The client address the header names becomes the connection's, and is counted against the
 * per-client connection limit ({@link AcceptGate#admitClient}). A v2 {@code LOCAL} header (a balancer's own health
 * check) or a v1 {@code UNKNOWN} one names no client: the connection is the balancer's own. Closed before TLS, and
 * counted: a connection from outside the trusted ranges, and one whose header is malformed or missing (the
 * decoder closes it). A header that does not come within the request timeout is counted by {@link HandshakeWatcher},
 * which sees the TLS handler's timeout. One instance per connection.
 */
final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderReader.class);
    /** Room for the TLVs balancers add to a v2 header (AWS's endpoint ID, HAProxy's unique ID or TLS facts). */
    private static final int MAX_TLV_BYTES = 4096;

    private final TrustedProxies trusted;
    private final AcceptGate gate;
    private final ConnectionEvents events;
    private boolean settled;

    private ProxyHeaderReader(TrustedProxies trusted, AcceptGate gate, ConnectionEvents events) {
        this.trusted = trusted;
        this.gate = gate;
        this.events = events;
    }

    /** Adds the decoder and a reader after {@code after}, which must come before the TLS handler. */
    static void install(ChannelPipeline pipeline, String after, TrustedProxies trusted, AcceptGate gate, ConnectionEvents events) {
        pipeline.addAfter(after, "pollux-proxy-protocol-decoder", new HAProxyMessageDecoder(MAX_TLV_BYTES));
        pipeline.addAfter("pollux-proxy-protocol-decoder", "pollux-proxy-protocol", new ProxyHeaderReader(trusted, gate, events));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        if (!trusted.contains(peer.getAddress())) {
            log.debug("Connection from {} refused: not a trusted proxy", peer);
            refuse(ctx, ConnectionRefusal.UNTRUSTED_PROXY);
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (!(message instanceof HAProxyMessage header)) {
            super.channelRead(ctx, message);
            return;
        }
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        InetSocketAddress client;
        try {
            client = clientOf(header, peer);
        } finally {
            header.release();
        }
        settled = true;
        ctx.pipeline().remove(this);
        if (gate.admitClient(ctx.channel(), client)) {
            log.debug("PROXY header from {}: client {}", peer, client);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof HAProxyProtocolException && !settled) {
            log.debug("Connection from {} refused: {}", ctx.channel().remoteAddress(), cause.getMessage());
            refuse(ctx, ConnectionRefusal.PROXY_HEADER_INVALID);
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private void refuse(ChannelHandlerContext ctx, ConnectionRefusal reason) {
        settled = true;
        events.refused(reason);
        // from this handler's place, before the TLS handler, so no TLS byte is written
        ctx.close();
    }

    /** The client the header names, or the peer itself for a header that names none (LOCAL, UNKNOWN, a UNIX socket). */
    private static InetSocketAddress clientOf(HAProxyMessage header, InetSocketAddress peer) {
        AddressFamily family = header.proxiedProtocol().addressFamily();
        if (header.command() != HAProxyCommand.PROXY || (family != AddressFamily.AF_IPv4 && family != AddressFamily.AF_IPv6)) {
            return peer;
        }
        // the decoder has checked that the address is an IP literal: no name is looked up
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
        try {
            // an IPv4-mapped IPv6 address is the IPv4 client it maps, as for a direct connection
            return new InetSocketAddress(InetAddress.getByAddress(AddressRange.canonical(address.getAddress())), header.sourcePort());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an IP address", e);
        }
    }
}
