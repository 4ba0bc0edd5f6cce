package dev.pollux.handler.fastcgi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records as the FastCGI 1.0 specification lays them out, read back by the server's own record decoder. */
class FastCgiRecordsTests {

    @Test
    void framesARequestAsBeginRequestParamsAndAnEmptyStdin() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("SCRIPT_NAME", "/app");
        params.put("LONG", "x".repeat(70_000)); // a four-byte length, and more than one record's content
        List<FastCgiRecord> records = decode(FastCgiRequestEncoder.request(ByteBufAllocator.DEFAULT, params, true));

        assertThat(records).extracting(FastCgiRecord::type).containsExactly(FastCgiRecord.BEGIN_REQUEST,
                FastCgiRecord.PARAMS, FastCgiRecord.PARAMS, FastCgiRecord.PARAMS, FastCgiRecord.STDIN);
        assertThat(records).extracting(FastCgiRecord::requestId).containsOnly(1);
        ByteBuf begin = records.get(0).content();
        assertThat(begin.readableBytes()).isEqualTo(8);
        assertThat(begin.getUnsignedShort(0)).as("role: responder").isEqualTo(1);
        assertThat((int) begin.getUnsignedByte(2)).as("flags: FCGI_KEEP_CONN").isEqualTo(1);
        assertThat(records.get(1).content().readableBytes()).isEqualTo(65528);
        assertThat(records.get(3).content().readableBytes()).as("the end of the params stream").isZero();
        assertThat(records.get(4).content().readableBytes()).as("no request body").isZero();

        ByteBuf pairs = Unpooled.wrappedBuffer(records.get(1).content(), records.get(2).content());
        assertThat((int) pairs.readUnsignedByte()).isEqualTo(11);
        assertThat((int) pairs.readUnsignedByte()).isEqualTo(4);
        assertThat(pairs.readCharSequence(15, StandardCharsets.US_ASCII).toString()).isEqualTo("SCRIPT_NAME/app");
        assertThat((int) pairs.readUnsignedByte()).isEqualTo(4);
        assertThat(pairs.readInt()).isEqualTo(70_000 | 0x80000000);
        assertThat(pairs.readCharSequence(4, StandardCharsets.US_ASCII).toString()).isEqualTo("LONG");
        assertThat(pairs.readableBytes()).isEqualTo(70_000);
    }

    @Test
    void asksForNoKeptConnectionUnlessConfigured() {
        List<FastCgiRecord> records = decode(FastCgiRequestEncoder.request(ByteBufAllocator.DEFAULT, Map.of(), false));
        assertThat((int) records.get(0).content().getUnsignedByte(2)).isZero();
        assertThat(records).extracting(FastCgiRecord::type)
                .containsExactly(FastCgiRecord.BEGIN_REQUEST, FastCgiRecord.PARAMS, FastCgiRecord.STDIN);
    }

    @Test
    void abortsWithAnEmptyAbortRequest() {
        assertThat(decode(FastCgiRequestEncoder.abort(ByteBufAllocator.DEFAULT)))
                .singleElement().satisfies(record -> {
                    assertThat(record.type()).isEqualTo(FastCgiRecord.ABORT_REQUEST);
                    assertThat(record.content().readableBytes()).isZero();
                });
    }

    @Test
    void readsRecordsSplitAcrossReadsAndDropsTheirPadding() {
        EmbeddedChannel channel = new EmbeddedChannel(new FastCgiRecordDecoder());
        byte[] stdout = {1, FastCgiRecord.STDOUT, 0, 1, 0, 3, 5, 0, 'a', 'b', 'c', 0, 0, 0, 0, 0};
        channel.writeInbound(Unpooled.wrappedBuffer(stdout, 0, 7));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(stdout, 7, stdout.length - 7));
        FastCgiRecord record = channel.readInbound();
        assertThat(record.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        record.content().release();
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {2, 6, 0, 1, 0, 0, 0, 0})))
                .isInstanceOf(DecoderException.class).hasMessageContaining("version 2");
    }

    private static List<FastCgiRecord> decode(ByteBuf bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new FastCgiRecordDecoder());
        channel.writeInbound(bytes);
        List<FastCgiRecord> records = new ArrayList<>();
        for (FastCgiRecord record = channel.readInbound(); record != null; record = channel.readInbound()) {
            records.add(record);
        }
        return records;
    }
}
