package dev.pollux.handler.fastcgi;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Splits what an application sends into records. A record's length is two fields of its header (content and
 * padding), which {@link io.netty.handler.codec.LengthFieldBasedFrameDecoder} cannot add up, hence this small
 * decoder. Memory is bounded by one record (64 KiB of content and 255 bytes of padding).
 */
final class FastCgiRecordDecoder extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < FastCgiRecord.HEADER_BYTES) {
            return;
        }
        int start = in.readerIndex();
        int version = in.getUnsignedByte(start);
        if (version != FastCgiRecord.VERSION) {
            throw new CorruptedFrameException("not a FastCGI 1 record (version " + version + ")");
        }
        int contentLength = in.getUnsignedShort(start + 4);
        int paddingLength = in.getUnsignedByte(start + 6);
        if (in.readableBytes() < FastCgiRecord.HEADER_BYTES + contentLength + paddingLength) {
            return;
        }
        int type = in.getUnsignedByte(start + 1);
        int requestId = in.getUnsignedShort(start + 2);
        in.skipBytes(FastCgiRecord.HEADER_BYTES);
        ByteBuf content = in.readRetainedSlice(contentLength);
        in.skipBytes(paddingLength);
        out.add(new FastCgiRecord(type, requestId, content));
    }
}
