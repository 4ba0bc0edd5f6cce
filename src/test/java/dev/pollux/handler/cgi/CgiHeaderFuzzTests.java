package dev.pollux.handler.cgi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pollux.protocol.ResponseHeader;
import dev.pollux.protocol.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any bytes as a script's output: {@link CgiHeaderParser#readLine} takes the first line and not a byte more
 * (the rest is the body), and {@link CgiHeaderParser#parse} accepts exactly the lines that are a header: a status the
 * specification defines, a space, at most 1024 bytes of UTF-8 meta without CR, then LF or CRLF. An accepted header
 * is sent as the script wrote it. Corpus: {@code CgiHeaderFuzzTestsInputs/}.
 */
class CgiHeaderFuzzTests {

    @FuzzTest
    void readsTheFirstLineOnlyAndAcceptsExactlyTheWellFormedHeaders(byte[] output) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(output);
        Optional<byte[]> line = CgiHeaderParser.readLine(in);
        int consumed = output.length - in.available();

        int lf = indexOf(output, (byte) '\n');
        if (lf >= 0 && lf < CgiHeaderParser.MAX_LINE_BYTES) {
            assertThat(line).hasValueSatisfying(read -> assertThat(read).isEqualTo(Arrays.copyOf(output, lf)));
            assertThat(consumed).isEqualTo(lf + 1);
        } else if (output.length < CgiHeaderParser.MAX_LINE_BYTES) {
            assertThat(line).isEmpty();
            assertThat(consumed).isEqualTo(output.length);
            return;
        } else {
            assertThat(line).hasValueSatisfying(read -> assertThat(read).isEqualTo(Arrays.copyOf(output, CgiHeaderParser.MAX_LINE_BYTES)));
            assertThat(consumed).isEqualTo(CgiHeaderParser.MAX_LINE_BYTES);
        }

        byte[] read = line.orElseThrow();
        Optional<ResponseHeader> header = CgiHeaderParser.parse(read);
        assertThat(header.isPresent()).as("accepted %s", Arrays.toString(read)).isEqualTo(isHeader(read));
        header.ifPresent(parsed -> {
            assertThat(parsed.meta()).doesNotContain("\r").doesNotContain("\n");
            assertThat(parsed.encode()).isEqualTo(withCrlf(read));
        });
    }

    /** The header rule, written out independently of the parser. */
    private static boolean isHeader(byte[] line) {
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        if (length < 3 || line[2] != ' ' || line[0] < '0' || line[0] > '9' || line[1] < '0' || line[1] > '9') {
            return false;
        }
        if (Status.ofCode(Integer.parseInt(new String(line, 0, 2, StandardCharsets.US_ASCII))) == null) {
            return false;
        }
        int metaLength = length - 3;
        if (metaLength > ResponseHeader.MAX_META_BYTES) {
            return false;
        }
        for (int i = 3; i < length; i++) {
            if (line[i] == '\r' || line[i] == '\n') {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line, 3, metaLength));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The line as a header goes out: without its own CR, then CRLF. */
    private static byte[] withCrlf(byte[] line) {
        int length = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        byte[] out = Arrays.copyOf(line, length + 2);
        out[length] = '\r';
        out[length + 1] = '\n';
        return out;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
