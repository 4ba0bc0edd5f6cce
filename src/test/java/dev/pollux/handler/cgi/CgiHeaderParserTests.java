package dev.pollux.handler.cgi;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import dev.pollux.protocol.ResponseHeader;
import dev.pollux.protocol.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CgiHeaderParserTests {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsUpToTheFirstLfAndLeavesTheBodyInTheStream() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes("20 text/gemini\r\nbody\n"));
        assertThat(CgiHeaderParser.readLine(in)).hasValueSatisfying(line -> assertThat(line).isEqualTo(bytes("20 text/gemini\r")));
        assertThat(in.readAllBytes()).isEqualTo(bytes("body\n"));
    }

    @Test
    void findsNoLineWhenTheOutputEndsFirst() throws Exception {
        assertThat(CgiHeaderParser.readLine(new ByteArrayInputStream(bytes("20 text/plain")))).isEmpty();
        assertThat(CgiHeaderParser.readLine(new ByteArrayInputStream(new byte[0]))).isEmpty();
    }

    @Test
    void stopsReadingALineTooLongToBeAHeader() throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes("20 " + "a".repeat(5000) + "\n"));
        byte[] line = CgiHeaderParser.readLine(in).orElseThrow();
        assertThat(line).hasSize(CgiHeaderParser.MAX_LINE_BYTES);
        assertThat(CgiHeaderParser.parse(line)).isEmpty();
    }

    @Test
    void acceptsDefinedStatusesWithLfOrCrlf() {
        assertThat(CgiHeaderParser.parse(bytes("20 text/gemini; lang=en\r"))).contains(new ResponseHeader(Status.SUCCESS, "text/gemini; lang=en"));
        assertThat(CgiHeaderParser.parse(bytes("31 gemini://example.org/"))).contains(new ResponseHeader(Status.REDIRECT_PERMANENT, "gemini://example.org/"));
        assertThat(CgiHeaderParser.parse(bytes("10 Name?"))).contains(new ResponseHeader(Status.INPUT, "Name?"));
        assertThat(CgiHeaderParser.parse(bytes("20 "))).contains(new ResponseHeader(Status.SUCCESS, ""));
        assertThat(CgiHeaderParser.parse(bytes("51 " + "é".repeat(512)))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\r", "20", "20text/plain", "2 text/plain", "99 What", "00 x", "2a x", " 20 x", "20 a\rb", "20\ttext/plain"})
    void refusesAnythingElse(String line) {
        assertThat(CgiHeaderParser.parse(bytes(line))).isEmpty();
    }

    @Test
    void refusesMetaOver1024BytesOrNotUtf8() {
        assertThat(CgiHeaderParser.parse(bytes("51 " + "é".repeat(512) + "a"))).isEmpty();
        assertThat(CgiHeaderParser.parse(new byte[] {'2', '0', ' ', (byte) 0xff})).isEmpty();
    }
}
