package dev.pollux.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The framing of the one request line, and of a Titan body after it, on an embedded channel. */
class RequestLineDecoderTests {

    private final RequestLineDecoder decoder = new RequestLineDecoder();
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder);

    @Test
    void dropsEverythingAfterAGeminiLine() {
        channel.writeInbound(bytes("gemini://example.org/\r\nmore"));
        channel.writeInbound(bytes("and more"));
        assertThat(lines()).containsExactly("gemini://example.org/\r\n");
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void holdsWhatFollowsATitanLineAndStopsReading() {
        channel.writeInbound(bytes("TiTaN://example.org/a;size=5\r\nhel"));
        assertThat(lines()).containsExactly("TiTaN://example.org/a;size=5\r\n");
        assertThat(channel.config().isAutoRead()).isFalse();
        Reader reader = new Reader();
        decoder.readBody(reader);
        assertThat(reader.arrivals).isEqualTo(1);
        assertThat(text(decoder.take(2))).isEqualTo("he");
        assertThat(text(decoder.take(10))).isEqualTo("l");
        assertThat(decoder.take(10)).isNull();
        channel.writeInbound(bytes("lo, and what follows"));
        assertThat(reader.arrivals).isEqualTo(2);
        assertThat(text(decoder.take(2))).isEqualTo("lo");
        decoder.discard();
        assertThat(reader.closed).as("a reader still reading is told").isTrue();
        assertThat(decoder.take(10)).isNull();
        assertThat(channel.config().isAutoRead()).as("the rest is read and dropped").isTrue();
        channel.writeInbound(bytes("dropped"));
        assertThat(lines()).isEmpty();
    }

    @Test
    void tellsTheReaderWhenTheConnectionClosesBeforeTheBody() {
        channel.writeInbound(bytes("titan://example.org/a;size=5\r\n"));
        lines();
        channel.close();
        Reader reader = new Reader();
        decoder.readBody(reader);
        assertThat(reader.closed).isTrue();
        assertThat(decoder.take(10)).isNull();
    }

    @Test
    void answersTooLongWithoutALineEnd() {
        channel.writeInbound(bytes("titan://" + "a".repeat(1100)));
        assertThat(channel.<Object>readInbound()).isSameAs(RequestLineDecoder.TOO_LONG);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        Object frame;
        while ((frame = channel.readInbound()) != null) {
            ByteBuf line = (ByteBuf) frame;
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.release();
        }
        return lines;
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer buffer) {
        return StandardCharsets.UTF_8.decode(buffer).toString();
    }

    private static final class Reader implements RequestLineDecoder.BodyReader {

        int arrivals;
        boolean closed;

        @Override
        public void bytesArrived() {
            arrivals++;
        }

        @Override
        public void inputClosed() {
            closed = true;
        }
    }
}
